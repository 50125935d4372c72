package dev.threadline.model.run;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a pending approval: by a participant of the thread ({@code userId}), or, when nobody answered in
 * time, a denial with {@code timedOut}.
 */
public record ApprovalDecision(boolean approved, @Nullable String userId, @Nullable String reason, Instant decidedAt,
        boolean timedOut) {

    public static ApprovalDecision by(String userId, boolean approved, @Nullable String reason, Instant now) {
        return new ApprovalDecision(approved, userId, reason, now, false);
    }

    public static ApprovalDecision timedOut(Instant now) {
        return new ApprovalDecision(false, null, "No answer in time", now, true);
    }
}
