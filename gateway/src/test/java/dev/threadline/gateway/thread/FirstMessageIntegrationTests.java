package dev.threadline.gateway.thread;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.threadline.common.Ids;
import dev.threadline.gateway.TestGateway;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new user's first message, as fast as a client can make it: register, log in (a fresh token whose
 * {@code sub} is the new account's id), create a thread, connect, subscribe and send without waiting for
 * the subscription — many users at once. Every message must be accepted (its RECEIPT, no error event) and
 * stored: the thread is visible to the ownership check the moment its {@code 201} is answered, and a
 * refusal is never remembered. And the first message to a thread stored before the conversation tree,
 * which reads as one branch without any manual migration.
 */
class FirstMessageIntegrationTests {

    private static final int USERS = 60;
    private static final int AT_ONCE = 12;

    private static TestGateway gateway;
    private static String baseUrl;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--threadline.limits.rest.anonymous-burst=1000",
                "--threadline.limits.rest.anonymous-per-minute=1000");
        baseUrl = gateway.baseUrl();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyNewUsersFirstMessageIsAcceptedAndStored() {
        List<String> refused;
        try (ExecutorService users = Executors.newFixedThreadPool(AT_ONCE)) {
            List<CompletableFuture<String>> outcomes = IntStream.range(0, USERS)
                    .mapToObj(i -> CompletableFuture.supplyAsync(FirstMessageIntegrationTests::firstMessage, users))
                    .toList();
            refused = outcomes.stream().map(CompletableFuture::join).filter(outcome -> !outcome.isEmpty()).toList();
        }
        assertThat(refused).isEmpty();
    }

    /** Empty when the first message was accepted and stored; otherwise what went wrong. */
    private static String firstMessage() {
        ApiClient anonymous = new ApiClient(baseUrl, null);
        String name = "new_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> credentials = Map.of("username", name, "password", "correct horse battery");
        assertThat(anonymous.post("/api/auth/register", credentials).status()).isEqualTo(201);
        String token = anonymous.post("/api/auth/token", credentials).json().path("access_token").asString();
        ApiClient api = new ApiClient(baseUrl, token);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        String content = "the first words of " + name;
        try (StompTestClient client = StompTestClient.connect(baseUrl.replace("http", "ws") + "/ws", token)) {
            List<JsonNode> errors = client.subscribe("/user/queue/errors");
            client.subscribe("/topic/threads/" + threadId);
            try {
                client.sendWithReceipt("/app/threads/" + threadId + "/messages",
                        Map.of("content", content, "clientMessageId", "first")).get(15, TimeUnit.SECONDS);
            }
            catch (Exception noReceipt) {
                return name + ": no RECEIPT (" + noReceipt + "), errors " + errors;
            }
            if (!errors.isEmpty()) {
                return name + ": errors " + errors;
            }
        }
        JsonNode stored = api.get("/api/threads/" + threadId + "/messages").json().path("items");
        return stored.size() == 1 && content.equals(stored.get(0).path("content").asString()) ? ""
                : name + ": stored " + stored;
    }

    @Test
    void aThreadStoredBeforeTheTreeReadsAsOneBranchAndItsNextMessageFollowsItsNewest() {
        MongoTemplate mongo = gateway.bean(MongoTemplate.class);
        String owner = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        String threadId = Ids.newId();
        Instant at = Instant.parse("2025-06-01T08:00:00Z");
        mongo.insert(new ChatThread(threadId, "Before the tree", "orchestrator", at, at, null, null, false, false, null,
                null, null, owner, 2, false), ChatThread.COLLECTION);
        List<String> legacy = IntStream.range(0, 4).mapToObj(i -> {
            String id = Ids.newId();
            mongo.insert(new Message(id, threadId, null, i % 2 == 0 ? Role.USER : Role.ASSISTANT, "turn " + i,
                    i % 2 == 0 ? owner : "orchestrator", at.plusSeconds(i), MessageStatus.COMPLETE, null, 1, 0, null, null,
                    null, null, null, null, 0), Message.COLLECTION);
            return id;
        }).toList();
        ApiClient api = new ApiClient(baseUrl, TestTokens.token(owner));

        JsonNode before = api.get("/api/threads/" + threadId + "/messages").json().path("items");
        assertThat(before.valueStream().map(m -> m.path("id").asString())).containsExactlyElementsOf(legacy.reversed());
        assertThat(before.get(0).path("siblingIds").valueStream().map(JsonNode::asString)).containsExactly(legacy.get(3));

        String sent = api.post("/api/threads/" + threadId + "/messages", Map.of("content", "And now?")).json()
                .path("messageId").asString();
        String edited = api.post("/api/threads/" + threadId + "/messages/" + legacy.get(2) + "/edit",
                Map.of("content", "Turn two, edited")).json().path("messageId").asString();

        assertThat(mongo.findById(sent, Message.class, Message.COLLECTION).parentId()).isEqualTo(legacy.get(3));
        assertThat(mongo.findById(legacy.get(3), Message.class, Message.COLLECTION).parentId()).isEqualTo(legacy.get(2));
        assertThat(mongo.findById(edited, Message.class, Message.COLLECTION).parentId()).isEqualTo(legacy.get(1));
        JsonNode oldBranch = api.get("/api/threads/" + threadId + "/messages?leafId=" + sent).json().path("items");
        assertThat(oldBranch.valueStream().map(m -> m.path("id").asString())).containsExactly(sent, legacy.get(3),
                legacy.get(2), legacy.get(1), legacy.get(0));
        assertThat(oldBranch.get(2).path("siblingIds").valueStream().map(JsonNode::asString))
                .containsExactly(legacy.get(2), edited);
    }
}
