package dev.threadline.common.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.threadline.model.message.Message;
import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static dev.threadline.common.search.SearchFields.CREATED_AT;
import static dev.threadline.common.search.SearchFields.ID;
import static dev.threadline.common.search.SearchFields.MESSAGE_ATTACHMENTS;
import static dev.threadline.common.search.SearchFields.OWNER_ID;
import static dev.threadline.common.search.SearchFields.RANK;
import static dev.threadline.common.search.SearchFields.TERMS;
import static dev.threadline.common.search.SearchFields.THREAD_ID;
import static dev.threadline.common.search.SearchFields.THREAD_MEMBERS;

/**
 * The one owner of {@value SearchEntry#COLLECTION}: keeps an entry per thread title and per message, and
 * answers searches from them. A search is one query, {@code (ownerId = caller OR threadId in the threads shared with
 * the caller) AND terms $all words}, sorted
 * titles first then newest first, served on MongoDB by the index {@code owner_terms_rank_newest} (bounds:
 * the owner and one word; order: the index's own), then one query for the page's threads and one for its
 * messages. Writing an entry again replaces it, so indexing twice is harmless.
 */
public class SearchIndex {

    static final int REBUILD_BATCH = 1_000;

    private static final Sort BEST_FIRST = Sort.by(Sort.Order.asc(RANK), Sort.Order.desc(CREATED_AT),
            Sort.Order.desc(ID));
    private static final Sort BY_ID = Sort.by(ID);

    private final MongoTemplate mongo;

    public SearchIndex(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Stores (or replaces) the message's entry from its content; content without words removes it. */
    public void indexMessage(String ownerId, Message message) {
        write(messageEntry(ownerId, message));
    }

    /** Stores (or replaces) the entry of the thread's title. */
    public void indexTitle(String ownerId, ChatThread thread) {
        write(titleEntry(ownerId, thread));
    }

    /** Removes the entries of the thread's title and of all its messages. */
    public void forgetThread(String threadId) {
        mongo.remove(Query.query(Criteria.where(THREAD_ID).is(threadId)), SearchEntry.class, SearchEntry.COLLECTION);
    }

    public void forgetMessage(String messageId) {
        remove(messageId);
    }

    /**
     * Indexes every thread and message of the store again, {@value #REBUILD_BATCH} at a time, for data
     * stored before search existed; returns how many entries it wrote. Safe to run again, and while the
     * services run. A message whose thread is gone is left out.
     */
    public long rebuild() {
        long written = 0;
        String last = null;
        for (List<ChatThread> threads = threadsAfter(null); !threads.isEmpty(); threads = threadsAfter(last)) {
            written += writeAll(threads.stream().map(thread -> titleEntry(thread.ownerId(), thread)).toList());
            last = threads.get(threads.size() - 1).id();
        }
        last = null;
        for (List<Message> messages = messagesAfter(null); !messages.isEmpty(); messages = messagesAfter(last)) {
            Map<String, String> owners = owners(messages);
            written += writeAll(messages.stream().filter(message -> owners.containsKey(message.threadId()))
                    .map(message -> messageEntry(owners.get(message.threadId()), message)).toList());
            last = messages.get(messages.size() - 1).id();
        }
        return written;
    }

    /**
     * The caller's hits for the query, best first: titles, then messages, newest first within each. The caller's
     * threads are their own and those shared with them (PROTOCOL.md §14).
     */
    public SearchPage search(String userId, SearchQuery query) {
        if (query.words().isEmpty()) {
            return new SearchPage(List.of(), null);
        }
        List<SearchEntry> found = mongo.find(Query.query(matching(userId, sharedWith(userId), query)).with(BEST_FIRST)
                .limit(query.limit() + 1), SearchEntry.class, SearchEntry.COLLECTION);
        List<SearchEntry> page = found.subList(0, Math.min(query.limit(), found.size()));
        String next = found.size() > query.limit() ? SearchCursor.after(page.get(page.size() - 1)).encode() : null;
        return new SearchPage(hits(userId, page, Set.copyOf(query.words())), next);
    }

    /** The threads others shared with the user: their entries are under their owner, so they are named by thread. */
    private List<String> sharedWith(String userId) {
        return mongo.find(Query.query(Criteria.where(THREAD_MEMBERS).is(userId)), ChatThread.class,
                ChatThread.COLLECTION).stream().map(ChatThread::id).toList();
    }

    private static Criteria matching(String userId, List<String> sharedThreads, SearchQuery query) {
        Criteria whose = sharedThreads.isEmpty() ? Criteria.where(OWNER_ID).is(userId)
                : new Criteria().orOperator(Criteria.where(OWNER_ID).is(userId),
                        Criteria.where(THREAD_ID).in(sharedThreads));
        Criteria words = new Criteria().andOperator(whose, Criteria.where(TERMS).all(query.words()));
        SearchCursor after = query.after();
        if (after == null) {
            return words;
        }
        return new Criteria().andOperator(words, new Criteria().orOperator(
                Criteria.where(RANK).gt(after.rank()),
                Criteria.where(RANK).is(after.rank()).and(CREATED_AT).lt(after.createdAt()),
                Criteria.where(RANK).is(after.rank()).and(CREATED_AT).is(after.createdAt()).and(ID).lt(after.id())));
    }

    /**
     * The page's entries as hits, with their thread's current title; an entry whose thread or message is gone
     * (or, defensively, not one the caller takes part in) is left out. Both reads are by {@code _id} alone, which every store
     * serves from its primary index; the owner and thread are checked here.
     */
    private List<SearchHit> hits(String userId, List<SearchEntry> page, Set<String> words) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<String, ChatThread> threads = byId(mongo.find(Query.query(Criteria.where(ID).in(page.stream()
                .map(SearchEntry::threadId).collect(Collectors.toSet()))), ChatThread.class, ChatThread.COLLECTION),
                ChatThread::id);
        List<String> messageIds = page.stream().map(SearchEntry::messageId).filter(id -> id != null).toList();
        Map<String, Message> messages = messageIds.isEmpty() ? Map.of() : byId(mongo.find(withoutAttachments(
                Criteria.where(ID).in(messageIds)), Message.class, Message.COLLECTION), Message::id);
        List<SearchHit> hits = new ArrayList<>(page.size());
        for (SearchEntry entry : page) {
            ChatThread thread = threads.get(entry.threadId());
            Message message = entry.messageId() == null ? null : messages.get(entry.messageId());
            if (thread == null || !thread.isParticipant(userId) || (entry.messageId() != null
                    && (message == null || !message.threadId().equals(thread.id())))) {
                continue;
            }
            String snippet = message == null ? thread.title() : Snippets.around(message.content(), words);
            hits.add(new SearchHit(entry.threadId(), entry.messageId(), thread.title(), snippet, entry.role(),
                    entry.createdAt()));
        }
        return hits;
    }

    private List<ChatThread> threadsAfter(@Nullable String last) {
        return mongo.find(new Query(after(last)).with(BY_ID).limit(REBUILD_BATCH), ChatThread.class,
                ChatThread.COLLECTION);
    }

    private List<Message> messagesAfter(@Nullable String last) {
        return mongo.find(withoutAttachments(after(last)).with(BY_ID).limit(REBUILD_BATCH), Message.class,
                Message.COLLECTION);
    }

    /** Each message's thread's owner, by thread id. */
    private Map<String, String> owners(List<Message> messages) {
        Query query = Query.query(Criteria.where(ID).in(messages.stream().map(Message::threadId).collect(Collectors.toSet())));
        return mongo.find(query, ChatThread.class, ChatThread.COLLECTION).stream()
                .collect(Collectors.toMap(ChatThread::id, ChatThread::ownerId));
    }

    private static Criteria after(@Nullable String last) {
        return last == null ? new Criteria() : Criteria.where(ID).gt(last);
    }

    /** Images may be megabytes each and are not searched. */
    private static Query withoutAttachments(Criteria criteria) {
        Query query = Query.query(criteria);
        query.fields().exclude(MESSAGE_ATTACHMENTS);
        return query;
    }

    private static SearchEntry messageEntry(String ownerId, Message message) {
        return new SearchEntry(message.id(), ownerId, message.threadId(), message.id(), message.role(),
                SearchEntry.MESSAGE_RANK, SearchTerms.of(message.content()), message.createdAt());
    }

    private static SearchEntry titleEntry(String ownerId, ChatThread thread) {
        return new SearchEntry(SearchEntry.titleId(thread.id()), ownerId, thread.id(), null, null,
                SearchEntry.TITLE_RANK, SearchTerms.of(thread.title()), thread.createdAt());
    }

    private void write(SearchEntry entry) {
        if (entry.terms().isEmpty()) {
            remove(entry.id());
        }
        else {
            mongo.save(entry, SearchEntry.COLLECTION);
        }
    }

    private void remove(String id) {
        mongo.remove(Query.query(Criteria.where(ID).is(id)), SearchEntry.class, SearchEntry.COLLECTION);
    }

    private int writeAll(List<SearchEntry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, SearchEntry.class, SearchEntry.COLLECTION);
        for (SearchEntry entry : entries) {
            Query byId = Query.query(Criteria.where(ID).is(entry.id()));
            if (entry.terms().isEmpty()) {
                bulk.remove(byId);
            }
            else {
                bulk.replaceOne(byId, entry, FindAndReplaceOptions.options().upsert());
            }
        }
        bulk.execute();
        return (int) entries.stream().filter(entry -> !entry.terms().isEmpty()).count();
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, item -> item, (first, second) -> first));
    }
}
