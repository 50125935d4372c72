package dev.threadline.common.run;

import java.util.Objects;

import dev.threadline.model.event.RunError;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import org.jspecify.annotations.Nullable;

/**
 * How a run ends: its terminal status (and error), the {@code seq} its terminal event carries, and the
 * answer's final text, the {@code seq} of its last delta, its metrics and usage; and the context of the
 * run's last model request, for its thread (PROTOCOL.md §12). Usage and context are left as they were when null.
 */
public record RunEnding(RunStatus status, @Nullable RunError error, long terminalSeq, String content, long lastSeq,
        MessageMetrics metrics, @Nullable Usage usage, @Nullable ContextUsage context) {

    public RunEnding(RunStatus status, @Nullable RunError error, long terminalSeq, String content, long lastSeq,
            MessageMetrics metrics) {
        this(status, error, terminalSeq, content, lastSeq, metrics, null, null);
    }

    public RunEnding {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("a run ends as completed, failed or cancelled, not " + status);
        }
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** The stored answer's status that goes with the run's. */
    public MessageStatus answerStatus() {
        return switch (status) {
            case COMPLETED -> MessageStatus.COMPLETE;
            case CANCELLED -> MessageStatus.CANCELLED;
            default -> MessageStatus.FAILED;
        };
    }
}
