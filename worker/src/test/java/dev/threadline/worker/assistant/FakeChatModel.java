package dev.threadline.worker.assistant;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ChatModel;
import dev.threadline.worker.model.ConversationItem;
import dev.threadline.worker.model.ModelRequest;
import dev.threadline.worker.model.ModelResult;

/**
 * A model that plays scripted turns per assistant (told apart by their instructions), in order; an
 * assistant's last turn repeats. Records every request.
 */
final class FakeChatModel implements ChatModel {

    final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Turn>> turns = new HashMap<>();

    /** The assistant with these instructions streams these deltas as its answer. */
    FakeChatModel answers(String instructions, String... deltas) {
        return then(instructions, new Turn(List.of(deltas), List.of()));
    }

    /** The assistant with these instructions asks for these tool calls. */
    FakeChatModel calls(String instructions, ConversationItem.ToolCall... calls) {
        return then(instructions, new Turn(List.of(), List.of(calls)));
    }

    @Override
    public synchronized ModelResult stream(ModelRequest request, Consumer<String> onText, Cancellation cancellation) {
        requests.add(request);
        Deque<Turn> script = turns.get(request.instructions());
        if (script == null || script.isEmpty()) {
            throw new IllegalStateException("No turn scripted for '" + request.instructions() + "'");
        }
        Turn turn = script.size() > 1 ? script.removeFirst() : script.peekFirst();
        turn.deltas().forEach(onText);
        return new ModelResult(String.join("", turn.deltas()), turn.calls(), 10, 5);
    }

    private FakeChatModel then(String instructions, Turn turn) {
        turns.computeIfAbsent(instructions, key -> new ArrayDeque<>()).addLast(turn);
        return this;
    }

    private record Turn(List<String> deltas, List<ConversationItem.ToolCall> calls) {
    }
}
