package dev.threadline.model.run;

import java.time.Instant;

/** Broadcast on {@code threadline.control}: every worker stops the named run if it is running it. */
public record RunCancel(String threadId, String runId, String userId, Instant requestedAt) {
}
