package dev.threadline.gateway.mcp;

import java.time.Duration;
import java.util.Optional;

import dev.threadline.common.run.RunLifecycle;
import dev.threadline.gateway.thread.Conversations;
import dev.threadline.model.event.RunError;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.Run;
import org.springframework.stereotype.Component;

/**
 * Waits for a run to end by reading its state from the store, at first often, then once a second: the store knows
 * every run's end whichever worker ran it and whichever gateway accepted it, also across a broker restart, and the
 * caller waits on a virtual thread, so polling costs one small read per second per waiting call.
 */
@Component
class RunOutcomes {

    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final RunLifecycle runs;
    private final Conversations conversations;

    RunOutcomes(RunLifecycle runs, Conversations conversations) {
        this.runs = runs;
        this.conversations = conversations;
    }

    /** How the run ended, or {@link TimedOut} when it had not within {@code timeout}. */
    Outcome await(String userId, Conversations.Sent sent, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_POLL;
        while (true) {
            Optional<Outcome> outcome = runs.find(sent.threadId(), sent.runId())
                    .flatMap(run -> outcomeOf(userId, run));
            if (outcome.isPresent()) {
                return outcome.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new TimedOut();
            }
            Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }

    private Optional<Outcome> outcomeOf(String userId, Run run) {
        return switch (run.status()) {
            case COMPLETED -> conversations.message(userId, run.threadId(), run.assistantMessageId())
                    .filter(answer -> answer.status() == MessageStatus.COMPLETE).map(Answered::new);
            case FAILED -> Optional.of(new Failed(run.error() == null
                    ? new RunError("run_failed", "The run failed", false) : run.error()));
            case CANCELLED -> Optional.of(new Cancelled());
            default -> Optional.empty();
        };
    }

    sealed interface Outcome {
    }

    record Answered(Message answer) implements Outcome {
    }

    record Failed(RunError error) implements Outcome {
    }

    record Cancelled() implements Outcome {
    }

    record TimedOut() implements Outcome {
    }
}
