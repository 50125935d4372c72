package dev.threadline.worker.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tool calls that wait for a person (PROTOCOL.md §13).
 *
 * @param timeout how long a run waits for an answer before the call counts as denied
 * @param sweepInterval how often a worker looks for approvals that timed out and for answered runs nobody took up
 * @param redispatchAfter how long an answered (or cancelled) waiting run may go untaken before its request to
 *        continue is enqueued again (the first was lost: the broker was away when the answer came)
 */
@ConfigurationProperties("threadline.approvals")
record ApprovalProperties(@DefaultValue("10m") Duration timeout,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("30s") Duration redispatchAfter) {
}
