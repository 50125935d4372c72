package dev.threadline.worker.assistant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Thrown through the assistants' turns when a tool call needs a person's approval (PROTOCOL.md §13): it carries the
 * call and, gathered on its way out, the conversation of every assistant from the answering one down to the caller
 * ({@code frames}, outermost first), so the run can stop here and continue later on any worker.
 */
public final class ApprovalNeeded extends RuntimeException {

    private final PendingCall call;
    private final List<PausedFrame> frames;

    ApprovalNeeded(PendingCall call, List<PausedFrame> frames) {
        super("Tool call " + call.callId() + " needs approval", null, false, false);
        this.call = call;
        this.frames = List.copyOf(frames);
    }

    static ApprovalNeeded forCall(PendingCall call) {
        return new ApprovalNeeded(call, List.of());
    }

    /** The same pause, seen from the assistant one level out. */
    ApprovalNeeded within(PausedFrame outer) {
        List<PausedFrame> all = new ArrayList<>();
        all.add(outer);
        all.addAll(frames);
        return new ApprovalNeeded(call, all);
    }

    public PendingCall call() {
        return call;
    }

    public List<PausedFrame> frames() {
        return frames;
    }

    /** The call that waits: who called it, its id, the tool and its arguments. */
    public record PendingCall(String assistant, String callId, String tool, Map<String, Object> arguments) {
    }
}
