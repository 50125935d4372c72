package dev.threadline.gateway.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.threadline.common.Ids;
import dev.threadline.common.search.SearchEntry;
import dev.threadline.common.search.SearchIndex;
import dev.threadline.gateway.GatewayApplication;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/search} (PROTOCOL.md §11) against the store through the real driver: entries written by
 * {@link SearchIndex} as the send path and the run end write them, read back through the endpoint. Each
 * test uses a word of its own, so the tests share one gateway and one database.
 */
class SearchIntegrationTests {

    private static ConfigurableApplicationContext gateway;
    private static String baseUrl;
    private static ApiClient alice;
    private static ApiClient bob;
    private static SearchIndex index;
    private static MongoTemplate mongo;
    /** Bob's thread, whose title and message hold every word the hostile queries below reduce to. */
    private static String bobThread;

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.limits.rest.burst=10000");
        baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
        alice = new ApiClient(baseUrl, TestTokens.token("alice"));
        bob = new ApiClient(baseUrl, TestTokens.token("bob"));
        index = gateway.getBean(SearchIndex.class);
        mongo = gateway.getBean(MongoTemplate.class);
        String words = "where sleep 1000 gt ne null a x y z d 3 this ownerid db dropdatabase";
        bobThread = thread(bob, "bob's secret " + words);
        message("bob", bobThread, Role.USER, "bob's private words: " + words, Instant.now());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void findsTheCallersTitlesFirstThenMessagesNewestFirst() {
        String word = uniqueWord();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String titled = thread(alice, "Packing list for Lisbon " + word);
        String other = thread(alice, "Holidays");
        String older = message("alice", other, Role.USER, "What should I pack for Lisbon " + word + "?", now.minusSeconds(60));
        String newer = message("alice", other, Role.ASSISTANT, "For Lisbon (" + word + ") take a linen shirt.", now);

        JsonNode items = search(alice, "lisbon " + word).path("items");

        assertThat(items).hasSize(3);
        assertThat(items.get(0).path("threadId").asString()).isEqualTo(titled);
        assertThat(items.get(0).path("title").asString()).isEqualTo("Packing list for Lisbon " + word);
        assertThat(items.get(0).path("snippet").asString()).isEqualTo("Packing list for Lisbon " + word);
        assertThat(items.get(0).has("messageId")).isFalse();
        assertThat(items.get(0).has("role")).isFalse();
        assertThat(items.get(1).path("messageId").asString()).isEqualTo(newer);
        assertThat(items.get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(items.get(1).path("title").asString()).isEqualTo("Holidays");
        assertThat(items.get(1).path("snippet").asString()).isEqualTo("For Lisbon (" + word + ") take a linen shirt.");
        assertThat(Instant.parse(items.get(1).path("createdAt").asString())).isEqualTo(now);
        assertThat(items.get(2).path("messageId").asString()).isEqualTo(older);
        assertThat(items.get(2).path("role").asString()).isEqualTo("user");
    }

    @Test
    void aHitShowsItsThreadsCurrentTitleAndTheTextAroundTheWordFound() {
        String word = uniqueWord();
        String threadId = thread(alice, "Before");
        String filler = "nothing to see here ".repeat(30);
        message("alice", threadId, Role.USER, filler + "the Bürgenstock " + word + " resort " + filler, Instant.now());
        mongo.updateFirst(Query.query(Criteria.where("_id").is(threadId)),
                new org.springframework.data.mongodb.core.query.Update().set("title", "After"), ChatThread.class,
                ChatThread.COLLECTION);

        JsonNode hit = search(alice, "BURGENSTOCK " + word).path("items").get(0);

        assertThat(hit.path("title").asString()).isEqualTo("After");
        assertThat(hit.path("snippet").asString()).startsWith("…").endsWith("…")
                .contains("the Bürgenstock " + word + " resort").hasSizeLessThan(170);
    }

    @Test
    void everyWordOfTheQueryIsRequired() {
        String word = uniqueWord();
        String threadId = thread(alice, "Shoes");
        String both = message("alice", threadId, Role.USER, "red shoes " + word, Instant.now());
        message("alice", threadId, Role.USER, "red hat " + word, Instant.now());
        message("alice", threadId, Role.USER, "blue shoes " + word, Instant.now());

        assertThat(messageIds(search(alice, "Red, SHOES! " + word))).containsExactly(both);
        assertThat(messageIds(search(alice, "red " + word))).hasSize(2);
        assertThat(messageIds(search(alice, "red shoes " + word + " missing"))).isEmpty();
    }

    @Test
    void caseAndAccentsDoNotMatter() {
        String word = uniqueWord();
        String threadId = thread(alice, "Coffee");
        String plain = message("alice", threadId, Role.USER, "a cafe creme " + word, Instant.now().minusSeconds(1));
        String accented = message("alice", threadId, Role.ASSISTANT, "Un CAFÉ Crème, " + word.toUpperCase(), Instant.now());

        assertThat(messageIds(search(alice, "CAFÉ crème " + word))).containsExactly(accented, plain);
        assertThat(messageIds(search(alice, "cafe CREME " + word.toUpperCase()))).containsExactly(accented, plain);
    }

    @Test
    void anotherUsersTitlesAndMessagesNeverAppear() {
        String word = uniqueWord();
        String bobs = thread(bob, "Bob's " + word);
        message("bob", bobs, Role.USER, "bob writes " + word, Instant.now());
        String alices = thread(alice, "Alice's " + word);

        assertThat(threadIds(search(alice, word))).containsExactly(alices);
        assertThat(threadIds(search(bob, word))).containsExactly(bobs, bobs);
        assertThat(search(alice, "bob writes " + word).path("items")).isEmpty();
    }

    @Test
    void aMemberFindsTheSharedThreadUntilRemovedFromIt() {
        String word = uniqueWord();
        String shared = thread(bob, "Bob's shared " + word);
        String said = message("bob", shared, Role.USER, "bob shares " + word, Instant.now());
        thread(bob, "Bob's own " + word);
        assertThat(bob.post("/api/threads/" + shared + "/members", Map.of("userId", "alice")).status()).isEqualTo(204);

        assertThat(threadIds(search(alice, word))).containsExactlyInAnyOrder(shared, shared);
        assertThat(messageIds(search(alice, word))).contains(said);

        assertThat(bob.delete("/api/threads/" + shared + "/members/alice").status()).isEqualTo(204);
        assertThat(search(alice, word).path("items")).isEmpty();
    }

    @Test
    void pagesFollowOneAnotherWithoutRepeatsOrGaps() {
        String word = uniqueWord();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> titles = List.of(thread(alice, "Trip one " + word), thread(alice, "Trip two " + word));
        String threadId = titles.get(0);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // three messages share each instant: the id decides their order
            messages.add(message("alice", threadId, i % 2 == 0 ? Role.USER : Role.ASSISTANT, "note " + i + " " + word,
                    base.minusSeconds(i / 3)));
        }

        List<String> seen = new ArrayList<>();
        Set<String> cursors = new java.util.HashSet<>();
        String before = null;
        do {
            JsonNode page = search(alice, word + "&limit=4" + (before == null ? "" : "&before=" + before));
            page.path("items").forEach(item -> seen.add(item.has("messageId") ? item.path("messageId").asString()
                    : item.path("threadId").asString()));
            before = page.path("next").isNull() ? null : page.path("next").asString();
            assertThat(before == null || cursors.add(before)).isTrue();
        }
        while (before != null);

        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(seen.subList(0, 2)).containsExactlyInAnyOrderElementsOf(titles);
        assertThat(seen.subList(2, 25)).containsExactlyInAnyOrderElementsOf(messages);
        List<String> newestFirst = messages.stream().sorted(java.util.Comparator
                .comparing((String id) -> base.minusSeconds(messages.indexOf(id) / 3)).reversed()
                .thenComparing(java.util.Comparator.reverseOrder())).toList();
        assertThat(seen.subList(2, 25)).containsExactlyElementsOf(newestFirst);
    }

    static Stream<String> hostileQueries() {
        return Stream.of("$where", "{\"$where\":\"sleep(1000)\"}", "{\"$gt\":\"\"}", "{\"$ne\":null}",
                "^(a+)+$", "(x+x+)+y", "\\d{3}|.*", "this.ownerId == 'bob'", "'; db.dropDatabase(); '", "[a-z]*",
                "ownerId:bob", "\u0000x\u0000");
    }

    @ParameterizedTest(name = "q={0}")
    @MethodSource("hostileQueries")
    void hostileQueriesAreWordsOfTheCallersOwnDataOnly(String q) {
        ApiClient.Response response = alice.get("/api/search?q=" + encode(q));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(bobThread, "bob's", "secret", "private words");
        assertThat(bob.get("/api/search?q=" + encode(q)).json().path("items")).isNotEmpty();
    }

    @Test
    void aQueryWithoutWordsFindsNothing() {
        for (String q : List.of(".*", "/.*/", "(((", "$", "* ? + | ^ $ [ ] { } \\")) {
            ApiClient.Response response = alice.get("/api/search?q=" + encode(q));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("items")).isEmpty();
            assertThat(response.json().path("next").isNull()).isTrue();
        }
    }

    static Stream<String> refusedRequests() {
        String seventeenWords = String.join(" ", Stream.iterate("w", w -> w + "w").limit(17).toList());
        return Stream.of("", "?q=", "?q=%20%20", "?q=" + "x".repeat(501), "?q=" + "x".repeat(10_000),
                "?q=" + encode("word ".repeat(2_000)),
                "?q=" + encode(seventeenWords), "?q=ok&limit=0", "?q=ok&limit=51", "?q=ok&limit=abc",
                "?q=ok&limit=%7B%22%24gt%22%3A0%7D", "?q=ok&before=" + encode("{\"$gt\":\"\"}"), "?q=ok&before=.*",
                "?q=ok&before=" + Ids.newId(), "?q%5B%24ne%5D=x");
    }

    @ParameterizedTest(name = "/api/search{0}")
    @MethodSource("refusedRequests")
    void malformedSearchesAreRefusedWithAProblem(String query) {
        ApiClient.Response response = alice.get("/api/search" + query);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo("validation_failed");
    }

    @Test
    void searchNeedsAToken() {
        ApiClient.Response response = new ApiClient(baseUrl, null).get("/api/search?q=x");

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void aDeletedThreadsEntriesStopShowingAndAreForgotten() {
        String word = uniqueWord();
        String threadId = thread(alice, "Doomed " + word);
        String messageId = message("alice", threadId, Role.USER, "soon gone " + word, Instant.now());
        String kept = message("alice", thread(alice, "Kept"), Role.USER, "stays " + word, Instant.now());
        assertThat(search(alice, word).path("items")).hasSize(3);

        assertThat(alice.delete("/api/threads/" + threadId).status()).isEqualTo(204);

        assertThat(search(alice, word).path("items")).hasSize(1);
        assertThat(messageIds(search(alice, word))).containsExactly(kept);
        index.forgetThread(threadId);
        assertThat(mongo.count(Query.query(Criteria.where("threadId").is(threadId)), SearchEntry.class,
                SearchEntry.COLLECTION)).isZero();
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(messageId)), SearchEntry.class,
                SearchEntry.COLLECTION)).isFalse();
        index.forgetMessage(kept);
        assertThat(search(alice, word).path("items")).isEmpty();
    }

    @Test
    void aRebuildIndexesWhatWasStoredBeforeSearchAndCanRunAgain() {
        String word = uniqueWord();
        String threadId = Ids.newId();
        mongo.insert(ChatThread.create(threadId, "alice", "Old thread " + word, "orchestrator", Instant.now()),
                ChatThread.COLLECTION);
        String messageId = Ids.newId();
        mongo.insert(Message.user(messageId, threadId, null, "alice", "an old message " + word, Instant.now(), Ids.newId(),
                null, null), Message.COLLECTION);
        mongo.insert(Message.user(Ids.newId(), Ids.newId(), null, "alice", "an orphan " + word, Instant.now(),
                Ids.newId(), null, null), Message.COLLECTION);
        assertThat(search(alice, word).path("items")).isEmpty();

        long first = index.rebuild();
        long second = index.rebuild();

        assertThat(first).isEqualTo(second).isEqualTo(mongo.count(new Query(), SearchEntry.class, SearchEntry.COLLECTION));
        assertThat(search(alice, word).path("items")).hasSize(2);
        assertThat(messageIds(search(alice, word))).containsExactly(messageId);
    }

    /** A thread created through the API, its title indexed as the create path does. */
    private static String thread(ApiClient user, String title) {
        String id = user.post("/api/threads", Map.of("title", title)).json().path("id").asString();
        ChatThread thread = mongo.findById(id, ChatThread.class, ChatThread.COLLECTION);
        index.indexTitle(thread.ownerId(), thread);
        return id;
    }

    /** A stored message, indexed as the send path (user) or the run end (assistant) does. */
    private static String message(String owner, String threadId, Role role, String content, Instant at) {
        String id = Ids.newId();
        Message message = role == Role.USER
                ? Message.user(id, threadId, null, owner, content, at, Ids.newId(), null, null)
                : new Message(id, threadId, null, Role.ASSISTANT, content, "orchestrator", at, MessageStatus.COMPLETE,
                        Ids.newId(), 1, 3, null, null, null, null, null, null, 0);
        mongo.insert(message, Message.COLLECTION);
        index.indexMessage(owner, message);
        return id;
    }

    private static JsonNode search(ApiClient user, String q) {
        ApiClient.Response response = user.get("/api/search?q=" + q.replace(" ", "%20"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> messageIds(JsonNode page) {
        return page.path("items").valueStream().filter(item -> item.has("messageId"))
                .map(item -> item.path("messageId").asString()).toList();
    }

    private static List<String> threadIds(JsonNode page) {
        return page.path("items").valueStream().map(item -> item.path("threadId").asString()).toList();
    }

    /** A word no other test writes. */
    private static String uniqueWord() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
