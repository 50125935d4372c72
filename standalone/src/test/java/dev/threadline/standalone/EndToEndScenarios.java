package dev.threadline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.RecordedRequest;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The end-to-end behaviour of PROTOCOL.md through a real gateway, RabbitMQ, worker, store and the
 * real openai-java client against the fake model server, seen from real STOMP and HTTP clients.
 * Subclasses choose the deployment (distributed or standalone) and the model API.
 */
abstract class EndToEndScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final List<StompTestClient> clients = new java.util.ArrayList<>();

    protected abstract String httpUrl();

    protected abstract String wsUrl();

    protected abstract FakeOpenAiServer model();

    @BeforeEach
    void resetModel() {
        model().reset();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(StompTestClient::close);
    }

    @Test
    void twoClientsOfOneUserReceiveTheSameDeltasAndTheyConcatenateToTheStoredAnswer() {
        String user = newUser();
        model().respondWith(request -> FakeReply.text(List.of("Navy ", "blazer, ", "white ", "shirt, ", "no tie. ",
                "You will look great!"), Duration.ofMillis(30)));
        String threadId = createThread(user);
        StompTestClient phone = connect(user);
        StompTestClient laptop = connect(user);
        List<JsonNode> phoneEvents = phone.subscribeAndWait("/topic/threads/" + threadId);
        List<JsonNode> laptopEvents = laptop.subscribeAndWait("/topic/threads/" + threadId);

        phone.sendWithReceipt("/app/threads/" + threadId + "/messages",
                Map.of("content", "What should I wear to a job interview?")).join();

        await().atMost(TIMEOUT).until(() -> hasType(phoneEvents, "run.completed") && hasType(laptopEvents, "run.completed"));
        assertThat(deltas(phoneEvents)).isEqualTo(deltas(laptopEvents));
        assertThat(types(phoneEvents)).containsSubsequence("message.created", "run.queued", "run.started",
                "message.delta", "message.created", "run.completed");
        String streamed = String.join("", deltas(phoneEvents));
        assertThat(streamed).isEqualTo("Navy blazer, white shirt, no tie. You will look great!");
        assertSeqGapFree(phoneEvents);

        JsonNode answer = api(user).get("/api/threads/" + threadId + "/messages").json().path("items").get(0);
        assertThat(answer.path("role").asString()).isEqualTo("assistant");
        assertThat(answer.path("status").asString()).isEqualTo("complete");
        assertThat(answer.path("content").asString()).isEqualTo(streamed);
        assertThat(answer.path("author").asString()).isEqualTo("orchestrator");
        assertThat(answer.path("lastSeq").asLong()).isPositive();
        JsonNode metrics = answer.path("metrics");
        assertThat(metrics.path("timeToFirstTokenMs").asLong()).isNotNegative();
        assertThat(metrics.path("durationMs").asLong()).isGreaterThanOrEqualTo(150);
        assertThat(metrics.path("chars").asInt()).isEqualTo(streamed.length());
        assertThat(metrics.path("outputTokens").asLong()).isPositive();
        assertThat(metrics.path("sentiment").path("label").asString()).isEqualTo("positive");
        assertThat(metrics.path("sentiment").path("score").asDouble()).isBetween(0.05, 1.0);
        assertThat(model().requests()).singleElement()
                .satisfies(request -> assertThat(request.authorization()).isEqualTo("Bearer test-key"));
    }

    @Test
    void anotherUsersSubscriptionIsRefusedWithAnErrorEventAndItsConnectionStaysOpen() {
        String owner = newUser();
        String intruder = newUser();
        String threadId = createThread(owner);
        String intrudersOwnThread = createThread(intruder);
        StompTestClient intruderClient = connect(intruder);
        List<JsonNode> errors = intruderClient.subscribeAndWait("/user/queue/errors");
        List<JsonNode> stolen = intruderClient.subscribe("/topic/threads/" + threadId);
        List<JsonNode> wildcard = intruderClient.subscribe("/topic/threads/*");
        List<JsonNode> own = intruderClient.subscribeAndWait("/topic/threads/" + intrudersOwnThread);

        await().atMost(TIMEOUT).until(() -> errors.size() >= 2);
        assertThat(errors).allSatisfy(error -> {
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("code").asString()).isEqualTo("forbidden");
        });
        assertThat(errors.stream().map(error -> error.path("destination").asString()))
                .contains("/topic/threads/" + threadId, "/topic/threads/*");

        StompTestClient ownerClient = connect(owner);
        ownerClient.subscribeAndWait("/topic/threads/" + threadId);
        ownerClient.sendWithReceipt("/app/threads/" + threadId + "/messages", Map.of("content", "secret plans")).join();
        intruderClient.sendWithReceipt("/app/threads/" + intrudersOwnThread + "/messages", Map.of("content", "hi")).join();

        await().atMost(TIMEOUT).until(() -> hasType(own, "run.completed"));
        assertThat(intruderClient.isConnected()).isTrue();
        assertThat(stolen).isEmpty();
        assertThat(wildcard).isEmpty();
        assertThat(api(intruder).get("/api/threads/" + threadId).status()).isEqualTo(404);
    }

    @Test
    void invalidExpiredOrMissingTokensAreRefusedOnRestAndConnect() {
        String wrongKey = TestTokens.token("another-secret-that-is-long-enough-0123", "mallory", Duration.ofHours(1));
        for (String token : new String[] { null, "not-a-jwt", TestTokens.expired("alice"), wrongKey }) {
            ApiClient.Response response = new ApiClient(httpUrl(), token).get("/api/threads");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.wwwAuthenticate()).startsWith("Bearer");
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(StompTestClient.connectRefused(wsUrl(), token)).startsWith("Unauthorized");
        }
    }

    @Test
    void aRepeatedClientMessageIdIsAcceptedOnce() {
        String user = newUser();
        String threadId = createThread(user);
        Map<String, Object> body = Map.of("content", "Linen or cotton?", "clientMessageId", UUID.randomUUID().toString());

        JsonNode first = api(user).post("/api/threads/" + threadId + "/messages", body).json();
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
        client.sendWithReceipt("/app/threads/" + threadId + "/messages", body).join();
        ApiClient.Response again = api(user).post("/api/threads/" + threadId + "/messages", body);

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().path("messageId").asString()).isEqualTo(first.path("messageId").asString());
        assertThat(again.json().path("runId").asString()).isEqualTo(first.path("runId").asString());
        await().atMost(TIMEOUT).until(() -> storedMessages(user, threadId).size() == 2
                && storedMessages(user, threadId).stream().allMatch(m -> "complete".equals(m.path("status").asString())));
        assertThat(storedMessages(user, threadId).stream().filter(m -> "user".equals(m.path("role").asString())))
                .hasSize(1);
        assertThat(model().requests()).hasSize(1);
        assertThat(events.stream().filter(e -> "run.started".equals(e.path("type").asString()))).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void twoMessagesSentBackToBackRunInOrderAndTheSecondSeesTheFirstAnswer() {
        String user = newUser();
        String threadId = createThread(user);
        model().respondWith(request -> request.lastUserText().startsWith("first")
                ? FakeReply.text(List.of("First ", "answer ", "takes ", "a ", "while."), Duration.ofMillis(40))
                : FakeReply.text("Second answer."));
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);

        client.send("/app/threads/" + threadId + "/messages", Map.of("content", "first question"));
        client.send("/app/threads/" + threadId + "/messages", Map.of("content", "second question"));

        await().atMost(TIMEOUT).until(() -> types(events).stream().filter("run.completed"::equals).count() == 2);
        List<String> runOrder = events.stream()
                .filter(e -> List.of("run.started", "run.completed").contains(e.path("type").asString()))
                .map(e -> e.path("type").asString() + ":" + e.path("runId").asString()).toList();
        assertThat(runOrder).hasSize(4);
        assertThat(runOrder.get(0).split(":")[1]).isEqualTo(runOrder.get(1).split(":")[1]);
        assertThat(runOrder.get(2).split(":")[1]).isEqualTo(runOrder.get(3).split(":")[1]);
        RecordedRequest second = model().requests().get(1);
        assertThat(second.lastUserText()).isEqualTo("second question");
        assertThat(second.body().toString()).contains("First answer takes a while.");
    }

    @Test
    void blankAndOversizeMessagesAreRejectedOnTheErrorQueueAndTheConnectionStaysOpen() {
        String user = newUser();
        String threadId = createThread(user);
        StompTestClient client = connect(user);
        List<JsonNode> errors = client.subscribeAndWait("/user/queue/errors");
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);

        client.send("/app/threads/" + threadId + "/messages", Map.of("content", "   ", "clientMessageId", "blank-1"));
        client.send("/app/threads/" + threadId + "/messages", Map.of("content", "x".repeat(32_001)));
        client.sendRaw("/app/threads/" + threadId + "/messages", "{not json");

        await().atMost(TIMEOUT).until(() -> errors.size() == 3);
        assertThat(errors.stream().map(e -> e.path("code").asString()))
                .containsExactly("validation_failed", "message_too_large", "validation_failed");
        assertThat(errors.get(0).path("clientMessageId").asString()).isEqualTo("blank-1");
        assertThat(errors.get(0).path("threadId").asString()).isEqualTo(threadId);
        assertThat(client.isConnected()).isTrue();
        client.sendWithReceipt("/app/threads/" + threadId + "/messages", Map.of("content", "still here?")).join();
        await().atMost(TIMEOUT).until(() -> hasType(events, "run.completed"));
        assertThat(api(user).post("/api/threads/" + threadId + "/messages", Map.of("content", "")).json()
                .path("code").asString()).isEqualTo("validation_failed");
    }

    @Test
    void aModelServerErrorEndsTheRunWithRunFailedAndTheStoredAnswerMarkedFailed() {
        String user = newUser();
        String threadId = createThread(user);
        model().respondWith(request -> FakeReply.error(500, "upstream exploded"));
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);

        client.sendWithReceipt("/app/threads/" + threadId + "/messages", Map.of("content", "hello?")).join();

        await().atMost(TIMEOUT).until(() -> hasType(events, "run.failed"));
        JsonNode failed = events.stream().filter(e -> "run.failed".equals(e.path("type").asString())).findFirst()
                .orElseThrow();
        assertThat(failed.path("error").path("code").asString()).isEqualTo("model_error");
        assertThat(failed.path("error").path("retryable").asBoolean()).isTrue();
        assertThat(types(events)).doesNotContain("run.completed");
        assertThat(model().requests()).hasSize(2);
        JsonNode answer = storedMessages(user, threadId).stream()
                .filter(m -> "assistant".equals(m.path("role").asString())).findFirst().orElseThrow();
        assertThat(answer.path("status").asString()).isEqualTo("failed");
    }

    @Test
    void cancellingAStreamingRunStopsItStoresThePartialAnswerAndEndsWithRunCancelled() {
        String user = newUser();
        String threadId = createThread(user);
        model().respondWith(request -> FakeReply.text(java.util.Collections.nCopies(400, "la "), Duration.ofMillis(25)));
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
        JsonNode sent = api(user).post("/api/threads/" + threadId + "/messages", Map.of("content", "Sing")).json();
        await().atMost(TIMEOUT).until(() -> hasType(events, "message.delta"));

        long cancelledAt = System.nanoTime();
        client.sendWithReceipt("/app/threads/" + threadId + "/cancel", Map.of()).join();

        await().atMost(TIMEOUT).until(() -> hasType(events, "run.cancelled"));
        assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(types(events)).doesNotContain("run.completed", "run.failed");
        JsonNode answer = storedMessages(user, threadId).stream()
                .filter(m -> "assistant".equals(m.path("role").asString())).findFirst().orElseThrow();
        assertThat(answer.path("status").asString()).isEqualTo("cancelled");
        assertThat(answer.path("content").asString()).isEqualTo(String.join("", deltas(events))).isNotEmpty();
        assertThat(api(user).post("/api/threads/" + threadId + "/runs/" + sent.path("runId").asString() + "/cancel",
                null).json().path("code").asString()).isEqualTo("conflict");
    }

    @Test
    void cancellingAQueuedRunRemovesItBeforeItStarts() {
        String user = newUser();
        String threadId = createThread(user);
        model().respondWith(request -> FakeReply.text(List.of("Slow ", "first ", "answer."), Duration.ofMillis(300)));
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
        api(user).post("/api/threads/" + threadId + "/messages", Map.of("content", "first"));
        String queuedRun = api(user).post("/api/threads/" + threadId + "/messages", Map.of("content", "second")).json()
                .path("runId").asString();

        ApiClient.Response cancelled = api(user).post("/api/threads/" + threadId + "/runs/" + queuedRun + "/cancel", null);

        assertThat(cancelled.status()).isEqualTo(202);
        await().atMost(TIMEOUT).until(() -> hasType(events, "run.completed"));
        assertThat(events.stream().filter(e -> queuedRun.equals(e.path("runId").asString()))
                .map(e -> e.path("type").asString())).contains("run.cancelled").doesNotContain("run.started");
        assertThat(model().requests()).singleElement()
                .satisfies(request -> assertThat(request.lastUserText()).isEqualTo("first"));
    }

    @Test
    void threadsAndMessagesPageNewestFirstAndDeletingAThreadRemovesItsMessages() {
        String user = newUser();
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createThread(user));
        }
        JsonNode firstPage = api(user).get("/api/threads?limit=2").json();
        JsonNode secondPage = api(user).get("/api/threads?limit=2&before=" + firstPage.path("next").asString()).json();
        JsonNode lastPage = api(user).get("/api/threads?limit=2&before=" + secondPage.path("next").asString()).json();

        List<String> listed = new java.util.ArrayList<>();
        for (JsonNode page : List.of(firstPage, secondPage, lastPage)) {
            page.path("items").forEach(thread -> listed.add(thread.path("id").asString()));
        }
        assertThat(listed).containsExactlyElementsOf(created.reversed());
        assertThat(lastPage.path("next").isNull()).isTrue();

        String threadId = created.get(0);
        api(user).post("/api/threads/" + threadId + "/messages", Map.of("content", "hello"));
        await().atMost(TIMEOUT).until(() -> storedMessages(user, threadId).size() == 2);
        JsonNode newest = api(user).get("/api/threads/" + threadId + "/messages?limit=1").json();
        assertThat(newest.path("items").get(0).path("role").asString()).isEqualTo("assistant");
        JsonNode older = api(user).get("/api/threads/" + threadId + "/messages?limit=1&before="
                + newest.path("next").asString()).json();
        assertThat(older.path("items").get(0).path("role").asString()).isEqualTo("user");

        assertThat(api(user).delete("/api/threads/" + threadId).status()).isEqualTo(204);
        assertThat(api(user).get("/api/threads/" + threadId).status()).isEqualTo(404);
        assertThat(api(user).get("/api/threads/" + threadId + "/messages").status()).isEqualTo(404);
    }

    @Test
    void badRestInputGetsProblemJsonWithAStableCode() {
        String user = newUser();
        String threadId = createThread(user);

        ApiClient.Response malformed = api(user).post("/api/threads/" + threadId + "/messages", "{\"content\": ");
        ApiClient.Response unknownThread = api(user).get("/api/threads/000000000000000000000000");
        ApiClient.Response injected = api(user).get("/api/threads/%7B%22$gt%22:%22%22%7D");
        ApiClient.Response badLimit = api(user).get("/api/threads?limit=100000");
        ApiClient.Response badTemperature = api(user).post("/api/threads/" + threadId + "/messages",
                Map.of("content", "hi", "temperature", 7));

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("code").asString()).isEqualTo("validation_failed");
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(unknownThread.status()).isEqualTo(404);
        assertThat(unknownThread.json().path("code").asString()).isEqualTo("not_found");
        assertThat(injected.status()).isEqualTo(404);
        assertThat(badLimit.json().path("code").asString()).isEqualTo("validation_failed");
        assertThat(badTemperature.json().path("code").asString()).isEqualTo("validation_failed");
    }

    @Test
    void aClientThatReconnectsMidAnswerResumesFromTheCheckpointWithNoGapAndNoDuplicate() {
        String user = newUser();
        String threadId = createThread(user);
        List<String> tokens = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "w" + i + " ").toList();
        model().respondWith(request -> FakeReply.text(tokens, Duration.ofMillis(25)));
        StompTestClient first = connect(user);
        List<JsonNode> before = first.subscribeAndWait("/topic/threads/" + threadId);
        api(user).post("/api/threads/" + threadId + "/messages", Map.of("content", "Long answer please"));
        await().atMost(TIMEOUT).until(() -> deltas(before).size() >= 3);
        first.close();

        StompTestClient second = connect(user);
        List<JsonNode> after = second.subscribeAndWait("/topic/threads/" + threadId);
        JsonNode partial = storedMessages(user, threadId).stream()
                .filter(m -> "assistant".equals(m.path("role").asString())).findFirst().orElseThrow();
        await().atMost(TIMEOUT).until(() -> hasType(after, "run.completed"));

        assertThat(partial.path("status").asString()).isEqualTo("in_progress");
        assertThat(partial.path("lastSeq").asLong()).isPositive();
        StringBuilder resumed = new StringBuilder(partial.path("content").asString());
        after.stream().filter(e -> "message.delta".equals(e.path("type").asString()))
                .filter(e -> e.path("attempt").asInt() == partial.path("attempt").asInt())
                .filter(e -> e.path("seq").asLong() > partial.path("lastSeq").asLong())
                .forEach(e -> resumed.append(e.path("delta").asString()));
        assertThat(resumed.toString()).isEqualTo(String.join("", tokens));
    }

    @Test
    void feedbackIsStoredChangeableAndAnnouncedAndExportHoldsOnlyTheCallersThreads() {
        String user = newUser();
        String threadId = createThread(user);
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
        api(user).post("/api/threads/" + threadId + "/messages", Map.of("content", "Rate me"));
        await().atMost(TIMEOUT).until(() -> hasType(events, "run.completed"));
        String answerId = events.stream().filter(e -> "run.completed".equals(e.path("type").asString())).findFirst()
                .orElseThrow().path("messageId").asString();
        String userMessageId = events.stream().filter(e -> "message.created".equals(e.path("type").asString()))
                .findFirst().orElseThrow().path("message").path("id").asString();

        assertThat(api(user).post("/api/threads/" + threadId + "/messages/" + answerId + "/feedback",
                Map.of("rating", "down", "comment", "too long")).status()).isEqualTo(204);
        client.sendWithReceipt("/app/threads/" + threadId + "/feedback", Map.of("messageId", answerId, "rating", "up"))
                .join();

        await().atMost(TIMEOUT).until(() -> events.stream().filter(e -> "feedback.recorded".equals(e.path("type")
                .asString())).count() == 2);
        JsonNode answer = storedMessages(user, threadId).stream().filter(m -> answerId.equals(m.path("id").asString()))
                .findFirst().orElseThrow();
        assertThat(answer.path("feedback").path("rating").asString()).isEqualTo("up");
        assertThat(api(user).post("/api/threads/" + threadId + "/messages/" + answerId + "/feedback",
                Map.of("rating", "meh")).json().path("code").asString()).isEqualTo("validation_failed");
        assertThat(api(user).post("/api/threads/" + threadId + "/messages/" + userMessageId + "/feedback",
                Map.of("rating", "up")).status()).isEqualTo(400);
        assertThat(api(newUser()).post("/api/threads/" + threadId + "/messages/" + answerId + "/feedback",
                Map.of("rating", "down")).status()).isEqualTo(404);

        String otherUsersThread = createThread(newUser());
        JsonNode export = api(user).get("/api/export").json();
        assertThat(export.path("threads").findValuesAsString("id")).contains(threadId, answerId)
                .doesNotContain(otherUsersThread);
        assertThat(export.path("threads").get(0).path("messages")).hasSize(2);
    }

    @Test
    void editAndRegenerateGrowSiblingBranchesAndEachRunSeesItsOwnBranchOnly() {
        String user = newUser();
        String threadId = createThread(user);
        model().respondWith(request -> FakeReply.text("Answer to " + request.lastUserText()));
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
        ApiClient api = api(user);
        String q1 = sendAndAwait(api, events, threadId, "/messages", Map.of("content", "What for a garden wedding?"));
        String q2 = sendAndAwait(api, events, threadId, "/messages", Map.of("content", "Which shoes?"));
        List<String> shoesBranch = branchIds(api, threadId, "");
        String a1 = shoesBranch.get(2);
        String a2 = shoesBranch.get(0);

        String q2edited = sendAndAwait(api, events, threadId, "/messages/" + q2 + "/edit", Map.of("content", "Which hat?"));

        RecordedRequest editedRun = model().requests().getLast();
        assertThat(editedRun.lastUserText()).isEqualTo("Which hat?");
        assertThat(editedRun.body().toString()).contains("What for a garden wedding?", "Answer to What for a garden wedding?")
                .doesNotContain("Which shoes?");
        JsonNode hatBranch = api.get("/api/threads/" + threadId + "/messages").json().path("items");
        assertThat(hatBranch).hasSize(4);
        assertThat(hatBranch.get(1).path("id").asString()).isEqualTo(q2edited);
        assertThat(hatBranch.get(1).path("parentId").asString()).isEqualTo(a1);
        assertThat(hatBranch.get(1).path("siblingIds").valueStream().map(JsonNode::asString)).containsExactly(q2, q2edited);
        assertThat(hatBranch.get(3).path("id").asString()).isEqualTo(q1);
        assertThat(hatBranch.get(3).has("parentId")).isFalse();

        ApiClient.Response switched = api.put("/api/threads/" + threadId + "/branch", Map.of("leafId", q2, "latest", true));
        assertThat(switched.status()).isEqualTo(200);
        assertThat(switched.json().path("currentLeafId").asString()).isEqualTo(a2);
        assertThat(branchIds(api, threadId, "")).as("switching back restores the old history").isEqualTo(shoesBranch);
        await().atMost(TIMEOUT).until(() -> events.stream().anyMatch(e -> "thread.updated".equals(e.path("type").asString())
                && a2.equals(e.path("thread").path("currentLeafId").asString())));

        client.sendWithReceipt("/app/threads/" + threadId + "/regenerate", Map.of("messageId", a2)).join();
        await().atMost(TIMEOUT).until(() -> types(events).stream().filter("run.completed"::equals).count() == 4);
        RecordedRequest regenerated = model().requests().getLast();
        assertThat(regenerated.lastUserText()).isEqualTo("Which shoes?");
        assertThat(regenerated.body().toString()).doesNotContain("Which hat?");
        JsonNode regeneratedBranch = api.get("/api/threads/" + threadId + "/messages").json().path("items");
        assertThat(regeneratedBranch.get(1).path("id").asString()).isEqualTo(q2);
        assertThat(regeneratedBranch.get(0).path("id").asString()).isNotEqualTo(a2);
        assertThat(regeneratedBranch.get(0).path("siblingIds").valueStream().map(JsonNode::asString))
                .containsExactly(a2, regeneratedBranch.get(0).path("id").asString());
        assertThat(branchIds(api, threadId, "?leafId=" + q2edited)).containsExactly(q2edited, a1, q1);
        assertThat(api.put("/api/threads/" + threadId + "/branch", Map.of("leafId", "0".repeat(24))).status())
                .isEqualTo(400);
        await().atMost(TIMEOUT).until(() -> api.get("/api/search?q=H%C3%80T").json().path("items").valueStream()
                .anyMatch(hit -> q2edited.equals(hit.path("messageId").asString())));
        assertThat(api(newUser()).get("/api/search?q=hat").json().path("items")).as("never another user's data").isEmpty();
        assertThat(api(newUser()).post("/api/threads/" + threadId + "/messages/" + a2 + "/regenerate", null).status())
                .isEqualTo(404);
    }

    @Test
    void threadsArePinnedArchivedAndTaggedAndListedPinnedFirst() {
        String user = newUser();
        ApiClient api = api(user);
        String older = createThread(user);
        String newer = createThread(user);
        String archived = createThread(user);
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + older);

        ApiClient.Response pinned = api.patch("/api/threads/" + older, Map.of("title", "  Wedding  ", "pinned", true,
                "tags", List.of("summer", "family", "summer")));
        api.patch("/api/threads/" + archived, Map.of("archived", true));

        assertThat(pinned.status()).isEqualTo(200);
        assertThat(pinned.json().path("title").asString()).isEqualTo("Wedding");
        assertThat(pinned.json().path("tags").valueStream().map(JsonNode::asString)).containsExactly("summer", "family");
        assertThat(listedIds(api, "")).containsExactly(older, newer);
        assertThat(listedIds(api, "?archived=true")).containsExactly(archived);
        assertThat(listedIds(api, "?tag=family")).containsExactly(older);
        assertThat(listedIds(api, "?pinned=false")).containsExactly(newer);
        assertThat(listedIds(api, "?limit=1")).containsExactly(older);
        JsonNode firstPage = api.get("/api/threads?limit=1").json();
        assertThat(listedIds(api, "?limit=1&before=" + firstPage.path("next").asString())).containsExactly(newer);
        await().atMost(TIMEOUT).until(() -> events.stream().anyMatch(e -> "thread.updated".equals(e.path("type").asString())
                && "Wedding".equals(e.path("thread").path("title").asString())));
        assertThat(api.patch("/api/threads/" + older, Map.of()).status()).isEqualTo(400);
        assertThat(api.patch("/api/threads/" + older, Map.of("tags", List.of("x".repeat(41)))).status()).isEqualTo(400);
        assertThat(api(newUser()).patch("/api/threads/" + older, Map.of("pinned", false)).status()).isEqualTo(404);
    }

    @Test
    void aThreadCreatedWithoutATitleIsNamedAfterItsFirstAnswer() {
        String user = newUser();
        ApiClient api = api(user);
        model().respondWith(request -> request.instructions().contains("title of at most six words")
                ? FakeReply.text("\"Garden wedding outfit.\"").withUsage(40, 4, 0)
                : FakeReply.text("Linen suit.").withUsage(100, 3, 0));
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        StompTestClient client = connect(user);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);

        api.post("/api/threads/" + threadId + "/messages", Map.of("content", "What for a garden wedding in June?"));

        await().atMost(TIMEOUT).until(() -> events.stream().anyMatch(e -> "thread.updated".equals(e.path("type").asString())));
        assertThat(api.get("/api/threads/" + threadId).json().path("title").asString()).isEqualTo("Garden wedding outfit");
        await("the title call counts in the user's usage, not as a run").atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode totals = api.get("/api/usage").json().path("totals");
            assertThat(totals.path("inputTokens").asLong()).isEqualTo(140);
            assertThat(totals.path("outputTokens").asLong()).isEqualTo(7);
            assertThat(totals.path("runs").asLong()).isEqualTo(1);
        });
        String named = createThread(user);
        api.post("/api/threads/" + named + "/messages", Map.of("content", "Keep my title"));
        await().atMost(TIMEOUT).until(() -> model().requests().stream()
                .anyMatch(request -> request.lastUserText().equals("Keep my title")));
        assertThat(api.get("/api/threads/" + named).json().path("title").asString()).isEqualTo("Interview outfit");
    }

    /** Sends (or edits) through REST and waits for the run's end; returns the new user message's id. */
    private String sendAndAwait(ApiClient api, List<JsonNode> events, String threadId, String path, Map<String, ?> body) {
        ApiClient.Response accepted = api.post("/api/threads/" + threadId + path, body);
        assertThat(accepted.status()).isEqualTo(202);
        String runId = accepted.json().path("runId").asString();
        await().atMost(TIMEOUT).until(() -> events.stream().anyMatch(e -> "run.completed".equals(e.path("type").asString())
                && runId.equals(e.path("runId").asString())));
        return accepted.json().path("messageId").asString();
    }

    private static List<String> branchIds(ApiClient api, String threadId, String query) {
        return api.get("/api/threads/" + threadId + "/messages" + query).json().path("items").valueStream()
                .map(message -> message.path("id").asString()).toList();
    }

    private static List<String> listedIds(ApiClient api, String query) {
        return api.get("/api/threads" + query).json().path("items").valueStream()
                .map(thread -> thread.path("id").asString()).toList();
    }

    private StompTestClient connect(String user) {
        StompTestClient client = StompTestClient.connect(wsUrl(), TestTokens.token(user));
        clients.add(client);
        return client;
    }

    private ApiClient api(String user) {
        return new ApiClient(httpUrl(), TestTokens.token(user));
    }

    private String createThread(String user) {
        ApiClient.Response created = api(user).post("/api/threads", Map.of("title", "Interview outfit"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private List<JsonNode> storedMessages(String user, String threadId) {
        List<JsonNode> items = new java.util.ArrayList<>();
        api(user).get("/api/threads/" + threadId + "/messages").json().path("items").forEach(items::add);
        return items;
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean hasType(List<JsonNode> events, String type) {
        return types(events).contains(type);
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(event -> event.path("type").asString()).toList();
    }

    private static List<String> deltas(List<JsonNode> events) {
        return events.stream().filter(event -> "message.delta".equals(event.path("type").asString()))
                .map(event -> event.path("delta").asString()).collect(Collectors.toList());
    }

    private static void assertSeqGapFree(List<JsonNode> events) {
        List<Long> seqs = events.stream().filter(event -> event.has("seq")).map(event -> event.path("seq").asLong())
                .toList();
        assertThat(seqs).isNotEmpty();
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
    }
}
