package dev.threadline.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.threadline.common.Ids;
import dev.threadline.common.search.SearchEntry;
import dev.threadline.common.search.SearchHit;
import dev.threadline.common.search.SearchIndex;
import dev.threadline.common.search.SearchPage;
import dev.threadline.common.search.SearchQuery;
import dev.threadline.common.store.StoreProperties;
import dev.threadline.common.store.StoreSchema;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.thread.ChatThread;
import org.bson.RawBsonDocument;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * 6. Search: one user's {@code search-messages} messages (50 to a thread) and a tenth as many of another
 * user's, stored in the store process, indexed through {@link SearchIndex} (the batch rebuild, then the
 * one-message path a send takes), then {@code search-queries} first pages of 20 hits of 1–3 words, common
 * and rare, through {@link SearchIndex#search} — the driver, the query, the page's threads and messages
 * and the snippets, as the gateway answers {@code GET /api/search}.
 */
final class SearchScenario {

    private static final String OWNER = "bench-alice";
    private static final String OTHER = "bench-bob";
    private static final int MESSAGES_PER_THREAD = 50;
    private static final int INSERT_BATCH = 1_000;
    private static final int ONE_BY_ONE = 2_000;
    private static final int PAGE = 20;

    private SearchScenario() {
    }

    static void run(BenchSettings settings, Report report) throws IOException {
        int port = freePort();
        try (ServiceProcess store = ServiceProcess.start("search-store", List.of("-Xmx4g"), List.of("-cp",
                System.getProperty("java.class.path"), BenchStore.class.getName(), Integer.toString(port)), Map.of(),
                settings.logs()).awaitLog("STORE READY", Duration.ofSeconds(90));
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoTemplate mongo = new MongoTemplate(client, "threadline-bench-search");
            new StoreSchema(mongo, new StoreProperties(true, null, Duration.ofSeconds(1))).create();
            SearchIndex index = new SearchIndex(mongo);
            SearchCorpus corpus = new SearchCorpus(42);
            Set<String> ownThreads = store(mongo, corpus, OWNER, settings.searchMessages());
            store(mongo, corpus, OTHER, Math.max(1, settings.searchMessages() / 10));

            long started = System.nanoTime();
            long entries = index.rebuild();
            Duration rebuild = Duration.ofNanos(System.nanoTime() - started);
            double[] entry = averageEntry(mongo);
            Latencies oneByOne = indexOneByOne(mongo, index, corpus, ownThreads.iterator().next(),
                    Math.min(ONE_BY_ONE, settings.searchMessages()));
            Map<String, Latencies> byKind = query(index, corpus, ownThreads, settings.searchQueries(), report);

            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("rebuild (batches of 1,000): %,d entries".formatted(entries),
                    "%.1f s, %,.0f entries/s".formatted(rebuild.toMillis() / 1000.0, entries * 1000.0 / rebuild.toMillis()),
                    "", ""));
            rows.add(List.of("one message indexed as a send indexes it (%,d)".formatted(oneByOne.count()),
                    Report.millis(oneByOne.percentileMillis(50)), Report.millis(oneByOne.percentileMillis(95)),
                    Report.millis(oneByOne.percentileMillis(99))));
            byKind.forEach((kind, latencies) -> rows.add(List.of("query, first page of %d: %s (%d)".formatted(PAGE, kind,
                    latencies.count()), Report.millis(latencies.percentileMillis(50)),
                    Report.millis(latencies.percentileMillis(95)), Report.millis(latencies.percentileMillis(99)))));
            report.table(("6. Search: %,d messages of one user in %,d threads (+%,d of another user), on average %.0f "
                    + "distinct words and a %.0f-byte entry per message, embedded store").formatted(settings.searchMessages(),
                    ownThreads.size(), Math.max(1, settings.searchMessages() / 10), entry[0], entry[1]),
                    List.of("measure", "p50 (or total)", "p95", "p99"), rows);
        }
    }

    /** Threads of 50 messages each, user and assistant in turn; returns the threads' ids. */
    private static Set<String> store(MongoTemplate mongo, SearchCorpus corpus, String owner, int messages) {
        Set<String> threads = new HashSet<>();
        List<Message> batch = new ArrayList<>(INSERT_BATCH);
        Instant at = Instant.now().minus(Duration.ofDays(365));
        String threadId = null;
        for (int i = 0; i < messages; i++) {
            if (i % MESSAGES_PER_THREAD == 0) {
                threadId = Ids.newId();
                threads.add(threadId);
                mongo.insert(ChatThread.create(threadId, owner, corpus.text(2, 5), "orchestrator", at), ChatThread.COLLECTION);
            }
            at = at.plusSeconds(60);
            batch.add(message(threadId, owner, i % 2 == 0 ? Role.USER : Role.ASSISTANT,
                    i % 2 == 0 ? corpus.text(5, 40) : corpus.text(40, 200), at));
            if (batch.size() == INSERT_BATCH) {
                mongo.insert(batch, Message.COLLECTION);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            mongo.insert(batch, Message.COLLECTION);
        }
        return threads;
    }

    private static Message message(String threadId, String owner, Role role, String content, Instant at) {
        return role == Role.USER ? Message.user(Ids.newId(), threadId, null, owner, content, at, Ids.newId(), null, null)
                : new Message(Ids.newId(), threadId, null, Role.ASSISTANT, content, "orchestrator", at,
                        MessageStatus.COMPLETE, Ids.newId(), 1, 0, null, null, null, null, null, null, 0);
    }

    /** Distinct words and BSON bytes of a message's entry, averaged over up to 5,000 entries. */
    private static double[] averageEntry(MongoTemplate mongo) {
        List<RawBsonDocument> sample = mongo.getCollection(SearchEntry.COLLECTION).withDocumentClass(RawBsonDocument.class)
                .find(Filters.eq("rank", 1)).limit(5_000).into(new ArrayList<>());
        return new double[] { sample.stream().mapToInt(entry -> entry.getArray("terms").size()).average().orElse(0),
                sample.stream().mapToInt(entry -> entry.getByteBuffer().remaining()).average().orElse(0) };
    }

    /** New messages stored and indexed one at a time, as the send path and the run end do. */
    private static Latencies indexOneByOne(MongoTemplate mongo, SearchIndex index, SearchCorpus corpus, String threadId,
            int count) {
        Latencies latencies = new Latencies();
        Instant at = Instant.now();
        for (int i = 0; i < count; i++) {
            Message message = message(threadId, OWNER, i % 2 == 0 ? Role.USER : Role.ASSISTANT,
                    i % 2 == 0 ? corpus.text(5, 40) : corpus.text(40, 200), at.plusMillis(i));
            mongo.insert(message, Message.COLLECTION);
            long started = System.nanoTime();
            index.indexMessage(OWNER, message);
            latencies.record((System.nanoTime() - started) / 1_000);
        }
        return latencies;
    }

    /** Queries of five kinds in turn; a hit outside the owner's threads is a problem. */
    private static Map<String, Latencies> query(SearchIndex index, SearchCorpus corpus, Set<String> ownThreads,
            int queries, Report report) {
        Map<String, Latencies> byKind = new LinkedHashMap<>();
        List<String> kinds = List.of("1 common word", "1 mid-frequency word", "1 rare word", "2 words (common + rare)",
                "3 words (common + mid + rare)");
        kinds.forEach(kind -> byKind.put(kind, new Latencies()));
        Latencies all = new Latencies();
        int empty = 0;
        for (int i = 0; i < queries; i++) {
            String common = corpus.word(corpus.nextInt(10));
            String mid = corpus.word(100 + corpus.nextInt(900));
            String rare = corpus.word(5_000 + corpus.nextInt(SearchCorpus.VOCABULARY - 5_000));
            int kind = i % kinds.size();
            String q = switch (kind) {
                case 0 -> common;
                case 1 -> mid;
                case 2 -> rare;
                case 3 -> common + " " + rare;
                default -> common + " " + mid + " " + rare;
            };
            long started = System.nanoTime();
            SearchPage page = index.search(OWNER, SearchQuery.parse(q, PAGE, null));
            long micros = (System.nanoTime() - started) / 1_000;
            byKind.get(kinds.get(kind)).record(micros);
            all.record(micros);
            empty += page.items().isEmpty() ? 1 : 0;
            for (SearchHit hit : page.items()) {
                if (!ownThreads.contains(hit.threadId())) {
                    report.problem("search for '" + q + "' returned a hit outside the user's threads: " + hit.threadId());
                }
            }
        }
        byKind.put("all %d queries (%d found nothing)".formatted(queries, empty), all);
        return byKind;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
