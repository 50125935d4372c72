package dev.threadline.common.run;

import java.util.Set;

/**
 * The stored field names the run lifecycle writes, each the name of a record component of {@code Run},
 * {@code ChatThread} or {@code Message} but for the {@link #STORAGE_ONLY} ones ({@code RunFieldsTests} fails when a
 * record is renamed under them).
 * {@code id} is stored as {@code _id}.
 */
final class RunFields {

    /** Fields only the store knows: {@code usageRecorded} marks a run whose tokens the usage ledger has counted. */
    static final Set<String> STORAGE_ONLY = Set.of("usageRecorded");

    static final String ID = "_id";

    static final String THREAD_ID = "threadId";
    static final String USER_ID = "userId";
    static final String ORDER = "order";
    static final String STATUS = "status";
    static final String ATTEMPT = "attempt";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String CANCEL_REQUESTED = "cancelRequested";
    static final String ANNOUNCED = "announced";
    static final String ENDED_AT = "endedAt";
    static final String TERMINAL_SEQ = "terminalSeq";
    static final String ERROR = "error";
    static final String USAGE_RECORDED = "usageRecorded";
    static final String APPROVAL = "approval";
    static final String APPROVAL_CALL = "approval.callId";
    static final String APPROVAL_EXPIRES = "approval.expiresAt";
    static final String APPROVAL_DECISION = "approval.decision";
    static final String APPROVAL_DISPATCHED = "approval.dispatchedAt";

    static final String THREAD_OWNER = "ownerId";
    static final String THREAD_MEMBERS = "members";
    static final String THREAD_RUN_COUNTER = "runCounter";
    static final String THREAD_ACTIVE_RUN = "activeRunId";
    static final String THREAD_UPDATED_AT = "updatedAt";
    static final String THREAD_CURRENT_LEAF = "currentLeafId";
    static final String THREAD_CONTEXT = "context";

    static final String MESSAGE_ATTEMPT = "attempt";
    static final String MESSAGE_STATUS = "status";
    static final String MESSAGE_CONTENT = "content";
    static final String MESSAGE_LAST_SEQ = "lastSeq";
    static final String MESSAGE_CHECKPOINT = "checkpoint";
    static final String MESSAGE_METRICS = "metrics";
    static final String MESSAGE_USAGE = "usage";

    private RunFields() {
    }
}
