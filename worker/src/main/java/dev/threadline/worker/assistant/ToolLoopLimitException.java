package dev.threadline.worker.assistant;

/** A run asked for more tool rounds than allowed. */
public class ToolLoopLimitException extends RuntimeException {

    public ToolLoopLimitException(int limit) {
        super("The assistants called tools in more than " + limit + " rounds without answering");
    }
}
