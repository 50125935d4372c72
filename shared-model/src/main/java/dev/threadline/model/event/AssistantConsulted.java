package dev.threadline.model.event;

import java.time.Instant;

public record AssistantConsulted(String threadId, Instant ts, String runId, Integer attempt, Long seq, String from,
        String to, String question) implements RunEvent {
}
