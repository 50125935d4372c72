package dev.threadline.model.event;

import java.time.Instant;

public record RunStarted(String threadId, Instant ts, String runId, Integer attempt, Long seq, String assistant)
        implements RunEvent {
}
