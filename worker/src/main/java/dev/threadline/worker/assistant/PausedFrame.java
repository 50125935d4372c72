package dev.threadline.worker.assistant;

import java.util.List;

import dev.threadline.worker.model.ConversationItem;

/**
 * One assistant's conversation at the moment a run paused for an approval: what it has seen before its current
 * turn's tool calls ({@code items}), those calls, the outputs of the ones that finished, its text so far, and the
 * call it waits on — the call needing approval in the innermost frame, the consultation leading there in the others.
 */
public record PausedFrame(String assistant, List<ConversationItem> items, List<ConversationItem.ToolCall> calls,
        List<ConversationItem.ToolOutput> outputs, String text, String waitingCallId) {

    public PausedFrame {
        items = List.copyOf(items);
        calls = List.copyOf(calls);
        outputs = List.copyOf(outputs);
    }

    ConversationItem.ToolCall waitingCall() {
        return calls.stream().filter(call -> call.callId().equals(waitingCallId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The paused turn has no call " + waitingCallId));
    }
}
