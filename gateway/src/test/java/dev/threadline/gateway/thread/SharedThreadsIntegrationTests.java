package dev.threadline.gateway.thread;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.threadline.common.store.StoreSchema;
import dev.threadline.gateway.GatewayApplication;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared threads and presence (PROTOCOL.md §14) through REST and STOMP on one gateway: what a member may and may
 * not do, what a stranger sees, a removed member losing the thread (open subscription included), the thread list
 * with shared threads paged, and presence with its events — also for the entry of a gateway that died, which
 * expires. Presence is refreshed every 300 ms and lives 1.5 s here. Every test uses users of its own.
 */
class SharedThreadsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ConfigurableApplicationContext gateway;
    private static String baseUrl;
    private static MongoTemplate mongo;

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.limits.rest.burst=10000",
                "--threadline.presence.refresh-interval=300ms", "--threadline.presence.lifetime=1500ms");
        baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
        mongo = gateway.getBean(MongoTemplate.class);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void onlyTheOwnerManagesMembersAndAddingTwiceOrAddingTheOwnerChangesNothing() {
        Users users = new Users();
        String threadId = users.thread(users.owner);

        assertThat(users.api(users.owner).post(members(threadId), Map.of("userId", users.member)).status()).isEqualTo(204);
        assertThat(users.api(users.owner).post(members(threadId), Map.of("userId", users.member)).status()).isEqualTo(204);
        assertThat(users.api(users.owner).post(members(threadId), Map.of("userId", users.owner)).status()).isEqualTo(204);
        JsonNode thread = users.api(users.member).get("/api/threads/" + threadId).json();
        assertThat(thread.path("owner").asString()).isEqualTo(users.owner);
        assertThat(thread.path("members").valueStream().map(JsonNode::asString)).containsExactly(users.member);

        ApiClient.Response byMember = users.api(users.member).post(members(threadId), Map.of("userId", users.stranger));
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.contentType()).startsWith("application/problem+json");
        assertThat(byMember.json().path("code").asString()).isEqualTo("forbidden");
        assertThat(users.api(users.member).delete(members(threadId) + "/" + users.member).status()).isEqualTo(403);
        assertThat(users.api(users.stranger).post(members(threadId), Map.of("userId", users.stranger)).status())
                .isEqualTo(404);
        assertThat(users.api(users.owner).post(members(threadId), Map.of("userId", " ")).json().path("code").asString())
                .isEqualTo("validation_failed");
        assertThat(users.api(users.owner).post(members(threadId), Map.of("userId", "x".repeat(201))).status())
                .isEqualTo(400);
        assertThat(users.api(users.owner).post(members(threadId), Map.of()).status()).isEqualTo(400);
        assertThat(users.api(users.owner).delete(members(threadId) + "/nobody").status()).isEqualTo(204);
    }

    @Test
    void aThreadTakesAtMostFiftyMembers() {
        Users users = new Users();
        String threadId = users.thread(users.owner);
        List<String> others = IntStream.range(0, ThreadMembers.MAX_MEMBERS - 1).mapToObj(i -> "other-" + i).toList();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(threadId)), new Update().set("members", others),
                ChatThread.class, ChatThread.COLLECTION);

        assertThat(users.api(users.owner).post(members(threadId), Map.of("userId", users.member)).status()).isEqualTo(204);
        ApiClient.Response full = users.api(users.owner).post(members(threadId), Map.of("userId", users.stranger));
        assertThat(full.status()).isEqualTo(400);
        assertThat(full.json().path("detail").asString()).contains("at most 50 members");
        assertThat(users.api(users.owner).post(members(threadId), Map.of("userId", users.member)).status())
                .as("adding a member again is no change, even when full").isEqualTo(204);
    }

    @Test
    void aMemberReadsAndSendsLikeTheOwnerButNeitherRenamesNorDeletesAndAStrangerSeesNothing() {
        Users users = new Users();
        String threadId = users.sharedThread();
        ApiClient member = users.api(users.member);
        ApiClient stranger = users.api(users.stranger);

        JsonNode sent = member.post("/api/threads/" + threadId + "/messages", Map.of("content", "Hello from a member"))
                .json();
        JsonNode stored = member.get("/api/threads/" + threadId + "/messages").json().path("items").get(0);
        assertThat(stored.path("id").asString()).isEqualTo(sent.path("messageId").asString());
        assertThat(stored.path("author").asString()).isEqualTo(users.member);
        assertThat(member.post("/api/threads/" + threadId + "/runs/" + sent.path("runId").asString() + "/cancel", null)
                .status()).isEqualTo(202);
        assertThat(member.put("/api/threads/" + threadId + "/branch", Map.of("leafId", stored.path("id").asString()))
                .json().path("currentLeafId").asString()).isEqualTo(stored.path("id").asString());

        for (ApiClient.Response refused : List.of(member.patch("/api/threads/" + threadId, Map.of("title", "Mine now")),
                member.patch("/api/threads/" + threadId, Map.of("pinned", true)),
                member.delete("/api/threads/" + threadId))) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("code").asString()).isEqualTo("forbidden");
        }
        assertThat(users.api(users.owner).get("/api/threads/" + threadId).json().path("title").asString())
                .isEqualTo("Shared");

        assertThat(stranger.get("/api/threads/" + threadId).status()).isEqualTo(404);
        assertThat(stranger.get("/api/threads/" + threadId + "/messages").status()).isEqualTo(404);
        assertThat(stranger.get("/api/threads/" + threadId + "/presence").status()).isEqualTo(404);
        assertThat(stranger.post("/api/threads/" + threadId + "/messages", Map.of("content", "hi")).status()).isEqualTo(404);
        assertThat(stranger.delete("/api/threads/" + threadId).status()).isEqualTo(404);
        assertThat(stranger.patch("/api/threads/" + threadId, Map.of("title", "x")).status()).isEqualTo(404);
    }

    @Test
    void aMemberSubscribesAndSendsOverStompUntilRemovedThenLosesTheOpenSubscriptionAndEveryRight() {
        Users users = new Users();
        String threadId = users.sharedThread();
        String topic = "/topic/threads/" + threadId;
        try (StompTestClient member = StompTestClient.connect(wsUrl(), TestTokens.token(users.member))) {
            List<JsonNode> errors = member.subscribe("/user/queue/errors");
            List<JsonNode> events = member.subscribeAndWait(topic);
            member.sendWithReceipt("/app/threads/" + threadId + "/messages", Map.of("content", "Sent over STOMP"))
                    .join();
            member.send("/app/threads/" + threadId + "/typing", Map.of());
            await().atMost(WAIT).until(() -> types(events).containsAll(List.of("message.created", "run.queued", "typing")));
            assertThat(events.stream().filter(e -> "message.created".equals(e.path("type").asString())).findFirst()
                    .orElseThrow().path("message").path("author").asString()).isEqualTo(users.member);
            assertThat(events.stream().filter(e -> "typing".equals(e.path("type").asString())).findFirst()
                    .orElseThrow().path("userId").asString()).isEqualTo(users.member);
            assertThat(errors).isEmpty();

            assertThat(users.api(users.owner).delete(members(threadId) + "/" + users.member).status()).isEqualTo(204);

            await().atMost(WAIT).until(() -> errors.stream().anyMatch(e -> "forbidden".equals(e.path("code").asString())
                    && topic.equals(e.path("destination").asString())));
            users.api(users.owner).post("/api/threads/" + threadId + "/messages", Map.of("content", "Private again"));
            member.subscribe(topic);
            member.send("/app/threads/" + threadId + "/typing", Map.of());
            await().atMost(WAIT).until(() -> errors.stream().filter(e -> "forbidden".equals(e.path("code").asString()))
                    .count() >= 3);
            assertThat(events.stream().map(e -> e.path("message").path("content").asString()))
                    .doesNotContain("Private again");
            assertThat(member.isConnected()).isTrue();
        }
        ApiClient member = users.api(users.member);
        assertThat(member.get("/api/threads/" + threadId).status()).isEqualTo(404);
        assertThat(member.post("/api/threads/" + threadId + "/messages", Map.of("content", "still here?")).status())
                .isEqualTo(404);
    }

    @Test
    void theThreadListHoldsOwnAndSharedThreadsPinnedFirstThenNewestAndPagesThroughThemAll() {
        Users users = new Users();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String owner = i % 2 == 0 ? users.owner : users.member;
            String threadId = users.thread(owner);
            if (owner.equals(users.member)) {
                users.api(users.member).post(members(threadId), Map.of("userId", users.owner));
            }
            expected.addFirst(threadId);
        }
        String pinnedShared = expected.get(1);
        users.api(users.member).patch("/api/threads/" + pinnedShared, Map.of("pinned", true));
        expected.remove(pinnedShared);
        expected.addFirst(pinnedShared);
        users.thread(users.stranger);

        List<String> listed = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = users.api(users.owner).get("/api/threads?limit=2" + (next == null ? "" : "&before=" + next))
                    .json();
            page.path("items").forEach(thread -> listed.add(thread.path("id").asString()));
            next = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asString();
        }
        while (next != null);

        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(users.api(users.member).get("/api/threads?limit=20").json().path("items").size())
                .as("the member's own two: the owner shared none of theirs").isEqualTo(2);
    }

    @Test
    void presenceCountsUsersAndSessionsOnceEachAndEveryChangeIsAnnounced() {
        Users users = new Users();
        String threadId = users.sharedThread();
        String topic = "/topic/threads/" + threadId;
        try (StompTestClient owner = StompTestClient.connect(wsUrl(), TestTokens.token(users.owner))) {
            List<JsonNode> events = owner.subscribeAndWait(topic);
            await().atMost(WAIT).until(() -> presence(events).contains(List.of(users.owner) + "/1"));
            try (StompTestClient member = StompTestClient.connect(wsUrl(), TestTokens.token(users.member))) {
                member.subscribeAndWait(topic);
                member.subscribe(topic);
                member.sendWithReceipt("/app/threads/" + threadId + "/typing", Map.of()).join();
                await().atMost(WAIT).until(() -> presence(events).contains(List.of(users.owner, users.member) + "/2"));
                assertThat(presence(events)).as("a second subscription of the same session changes nothing")
                        .doesNotContain(List.of(users.owner, users.member) + "/3");
                JsonNode now = users.api(users.member).get("/api/threads/" + threadId + "/presence").json();
                assertThat(now.path("users").valueStream().map(JsonNode::asString))
                        .containsExactly(users.owner, users.member);
                assertThat(now.path("sessions").asInt()).as("two subscriptions of one session count once").isEqualTo(2);
            }
            await().atMost(WAIT).until(() -> presence(events).getLast().equals(List.of(users.owner) + "/1"));
            assertThat(users.api(users.owner).get("/api/threads/" + threadId + "/presence").json().path("sessions")
                    .asInt()).isEqualTo(1);
        }
        await().atMost(WAIT).until(() -> users.api(users.owner).get("/api/threads/" + threadId + "/presence").json()
                .path("sessions").asInt() == 0);
    }

    @Test
    void theEntryOfAGatewayThatDiedExpiresAndItsUserIsAnnouncedGone() {
        Users users = new Users();
        String threadId = users.sharedThread();
        mongo.insert(new Document("_id", "dead-gateway|s1|" + threadId).append("threadId", threadId)
                .append("userId", users.member).append("gatewayId", "dead-gateway").append("sessionId", "s1")
                .append("expiresAt", java.util.Date.from(Instant.now().plusSeconds(2))), StoreSchema.PRESENCE);
        try (StompTestClient owner = StompTestClient.connect(wsUrl(), TestTokens.token(users.owner))) {
            List<JsonNode> events = owner.subscribeAndWait(topic(threadId));
            await().atMost(WAIT).until(() -> presence(events).contains(List.of(users.owner, users.member) + "/2"));

            await().atMost(WAIT).until(() -> presence(events).getLast().equals(List.of(users.owner) + "/1"));
            assertThat(mongo.count(Query.query(Criteria.where("gatewayId").is("dead-gateway")), StoreSchema.PRESENCE))
                    .isZero();
            assertThat(users.api(users.owner).get("/api/threads/" + threadId + "/presence").json().path("users")
                    .valueStream().map(JsonNode::asString)).containsExactly(users.owner);
        }
    }

    @Test
    void aLiveGatewayKeepsItsEntriesBeyondTheirLifetime() {
        Users users = new Users();
        String threadId = users.sharedThread();
        try (StompTestClient owner = StompTestClient.connect(wsUrl(), TestTokens.token(users.owner))) {
            owner.subscribeAndWait(topic(threadId));
            await().atMost(WAIT).until(() -> sessions(users, threadId) == 1);
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> sessions(users, threadId) == 1);
        }
    }

    private static int sessions(Users users, String threadId) {
        return users.api(users.owner).get("/api/threads/" + threadId + "/presence").json().path("sessions").asInt();
    }

    /** The presence events received, each as "[users]/sessions". */
    private static List<String> presence(List<JsonNode> events) {
        return events.stream().filter(e -> "presence".equals(e.path("type").asString()))
                .map(e -> e.path("users").valueStream().map(JsonNode::asString).toList() + "/" + e.path("sessions").asInt())
                .toList();
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asString()).toList();
    }

    private static String members(String threadId) {
        return "/api/threads/" + threadId + "/members";
    }

    private static String topic(String threadId) {
        return "/topic/threads/" + threadId;
    }

    private static String wsUrl() {
        return baseUrl.replace("http", "ws") + "/ws";
    }

    /** An owner, a member and a stranger of this test alone; names sort in that order. */
    private static final class Users {

        final String owner;
        final String member;
        final String stranger;

        Users() {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            owner = "a-owner-" + suffix;
            member = "b-member-" + suffix;
            stranger = "c-stranger-" + suffix;
        }

        ApiClient api(String user) {
            return new ApiClient(baseUrl, TestTokens.token(user));
        }

        String thread(String user) {
            return api(user).post("/api/threads", Map.of("title", "Shared")).json().path("id").asString();
        }

        String sharedThread() {
            String threadId = thread(owner);
            assertThat(api(owner).post(members(threadId), Map.of("userId", member)).status()).isEqualTo(204);
            return threadId;
        }
    }
}
