package dev.threadline.common.search;

/**
 * The stored field names search reads and writes, each the name of a record component of
 * {@link SearchEntry}, {@code Message} or {@code ChatThread} ({@code SearchFieldsTests} fails when a record
 * is renamed under them). {@code id} is stored as {@code _id}.
 */
final class SearchFields {

    static final String ID = "_id";

    static final String OWNER_ID = "ownerId";
    static final String THREAD_ID = "threadId";
    static final String TERMS = "terms";
    static final String RANK = "rank";
    static final String CREATED_AT = "createdAt";

    static final String MESSAGE_ATTACHMENTS = "attachments";

    static final String THREAD_MEMBERS = "members";

    private SearchFields() {
    }
}
