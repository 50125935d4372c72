package dev.threadline.gateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.threadline.common.Ids;
import dev.threadline.common.usage.ModelTokens;
import dev.threadline.common.usage.UsageLedger;
import dev.threadline.gateway.GatewayApplication;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.run.Run;
import dev.threadline.model.user.UserProfile;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/usage} from ledger rows, prices, and the daily budget refusing sends on REST and STOMP
 * (PROTOCOL.md §12), with a default budget of 1,000 tokens.
 */
class UsageIntegrationTests {

    private static final String MINI = "gpt-4.1-mini";

    private static ConfigurableApplicationContext gateway;
    private static int port;
    private static UsageLedger ledger;
    private static MongoTemplate mongo;

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.limits.rest.burst=10000",
                "--threadline.limits.sends.max-active-runs=1000", "--threadline.budget.daily-tokens=1000",
                "--threadline.usage.prices[gpt-4.1-mini].input-per-million=0.40",
                "--threadline.usage.prices[gpt-4.1-mini].cached-input-per-million=0.10",
                "--threadline.usage.prices[gpt-4.1-mini].output-per-million=1.60",
                "--threadline.usage.prices[gpt-4.1].input-per-million=2",
                "--threadline.usage.prices[gpt-4.1].output-per-million=8");
        port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        ledger = gateway.getBean(UsageLedger.class);
        mongo = gateway.getBean(MongoTemplate.class);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theCallersDaysComeByDateAndModelWithTotalsCostsAndTheirBudget() {
        String user = user();
        LocalDate today = ledger.today();
        ledger.record(user, today.minusDays(1), Map.of(MINI, new ModelTokens(1_000_000, 100_000, 500_000)));
        ledger.record(user, today, Map.of(MINI, new ModelTokens(300, 50, 0), "gpt-4.1", new ModelTokens(100, 10, 0)));
        ledger.record(user, today, Map.of(MINI, new ModelTokens(200, 25, 100)));
        ledger.record(user(), today, Map.of(MINI, new ModelTokens(9_999, 9_999, 0)));

        JsonNode usage = api(user).get("/api/usage?from=" + today.minusDays(1) + "&to=" + today).json();

        assertThat(usage.path("days")).hasSize(3);
        JsonNode yesterday = usage.path("days").get(0);
        assertThat(yesterday.path("date").asString()).isEqualTo(today.minusDays(1).toString());
        assertThat(yesterday.path("model").asString()).isEqualTo(MINI);
        assertThat(yesterday.path("cachedTokens").asLong()).isEqualTo(500_000);
        assertThat(yesterday.path("runs").asLong()).isEqualTo(1);
        assertThat(yesterday.path("cost").decimalValue()).isEqualByComparingTo("0.41"); // 0.20 + 0.05 + 0.16
        JsonNode todayMini = usage.path("days").get(2);
        assertThat(todayMini.path("model").asString()).isEqualTo(MINI);
        assertThat(todayMini.path("inputTokens").asLong()).isEqualTo(500);
        assertThat(todayMini.path("outputTokens").asLong()).isEqualTo(75);
        assertThat(todayMini.path("runs").asLong()).isEqualTo(2);
        assertThat(usage.path("days").get(1).path("model").asString()).isEqualTo("gpt-4.1");
        JsonNode totals = usage.path("totals");
        assertThat(totals.path("inputTokens").asLong()).isEqualTo(1_000_600);
        assertThat(totals.path("outputTokens").asLong()).isEqualTo(100_085);
        assertThat(totals.path("cachedTokens").asLong()).isEqualTo(500_100);
        assertThat(totals.path("runs").asLong()).isEqualTo(4);
        assertThat(totals.path("cost").decimalValue()).isEqualByComparingTo(usage.path("days").valueStream()
                .map(day -> day.path("cost").decimalValue()).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add));
        assertThat(usage.path("budget").path("dailyTokens").asLong()).isEqualTo(1_000);
        assertThat(usage.path("budget").path("usedToday").asLong()).isEqualTo(685);
    }

    @Test
    void aModelWithoutAPriceLeavesTheTotalsWithoutCost() {
        String user = user();
        ledger.record(user, ledger.today(), Map.of(MINI, new ModelTokens(100, 10, 0), "o3", new ModelTokens(100, 10, 0)));

        JsonNode usage = api(user).get("/api/usage").json();

        assertThat(usage.path("days")).hasSize(2);
        assertThat(usage.path("days").valueStream().filter(day -> day.path("model").asString().equals("o3")))
                .singleElement().satisfies(day -> assertThat(day.has("cost")).isFalse());
        assertThat(usage.path("totals").has("cost")).isFalse();
        assertThat(usage.path("totals").path("inputTokens").asLong()).isEqualTo(200);
    }

    @Test
    void withoutDatesTheLast30DaysUpToTodayAreShown() {
        String user = user();
        LocalDate today = ledger.today();
        for (LocalDate day : List.of(today, today.minusDays(29), today.minusDays(30))) {
            ledger.record(user, day, Map.of(MINI, new ModelTokens(1, 1, 0)));
        }

        JsonNode usage = api(user).get("/api/usage").json();

        assertThat(usage.path("days").valueStream().map(day -> day.path("date").asString()))
                .containsExactly(today.minusDays(29).toString(), today.toString());
        assertThat(api(user).get("/api/usage?to=" + today.minusDays(1)).json().path("days").valueStream()
                .map(day -> day.path("date").asString())).containsExactly(today.minusDays(30).toString(),
                        today.minusDays(29).toString());
    }

    @Test
    void badDatesReversedAndOverlongRangesAreValidationErrors() {
        ApiClient api = api(user());
        for (String query : List.of("from=2026-13-01", "to=yesterday", "from=2026-03-02&to=2026-03-01",
                "from=2025-01-01&to=2026-01-02")) {
            ApiClient.Response refused = api.get("/api/usage?" + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("code").asString()).isEqualTo("validation_failed");
        }
        assertThat(api.get("/api/usage?from=2025-01-01&to=2026-01-01").status()).as("366 days").isEqualTo(200);
    }

    @Test
    void aSpentBudgetRefusesSendsEditsAndRegeneratesOnRestWithRetryAfterUntilMidnight() {
        String user = user();
        ApiClient api = api(user);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        JsonNode sent = api.post("/api/threads/" + threadId + "/messages", Map.of("content", "Before")).json();
        String answerId = storeAnswer(threadId, sent.path("runId").asString());
        ledger.record(user, ledger.today(), Map.of(MINI, new ModelTokens(900, 100, 0)));

        List<ApiClient.Response> refusals = List.of(
                api.post("/api/threads/" + threadId + "/messages", Map.of("content", "After")),
                api.post("/api/threads/" + threadId + "/messages/" + sent.path("messageId").asString() + "/edit",
                        Map.of("content", "Edited")),
                api.post("/api/threads/" + threadId + "/messages/" + answerId + "/regenerate", Map.of()));

        long untilMidnight = java.time.Duration.between(Instant.now(),
                ledger.today().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()).toSeconds();
        assertThat(refusals).allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("code").asString()).isEqualTo("budget_exhausted");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(untilMidnight - 5, untilMidnight + 5);
        });
        assertThat(api.get("/api/usage").json().path("budget").path("usedToday").asLong()).isEqualTo(1_000);
    }

    @Test
    void aSpentBudgetRefusesAStompSendWithTheErrorEvent() {
        String user = user();
        String token = TestTokens.token(user);
        String threadId = api(user).post("/api/threads", Map.of()).json().path("id").asString();
        ledger.record(user, ledger.today(), Map.of(MINI, new ModelTokens(1_500, 0, 0)));
        try (StompTestClient client = StompTestClient.connect("ws://127.0.0.1:" + port + "/ws", token)) {
            List<JsonNode> errors = client.subscribeAndWait("/user/queue/errors");

            client.send("/app/threads/" + threadId + "/messages", Map.of("content", "More?", "clientMessageId", "c-1"));

            await().until(() -> !errors.isEmpty());
            JsonNode error = errors.getFirst();
            assertThat(error.path("type").asString()).isEqualTo("error");
            assertThat(error.path("code").asString()).isEqualTo("budget_exhausted");
            assertThat(error.path("clientMessageId").asString()).isEqualTo("c-1");
            assertThat(error.path("threadId").asString()).isEqualTo(threadId);
            assertThat(error.path("retryAfter").asLong()).isBetween(1L, 86_400L);
            assertThat(client.isConnected()).isTrue();
        }
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("threadId").is(threadId)), Message.class,
                Message.COLLECTION)).isZero();
    }

    @Test
    void aUsersOwnBudgetWinsOverTheDefault() {
        String generous = user();
        String strict = user();
        mongo.save(new UserProfile(generous, Instant.now(), Instant.now(), false, 5_000L), UserProfile.COLLECTION);
        mongo.save(new UserProfile(strict, Instant.now(), Instant.now(), false, 100L), UserProfile.COLLECTION);
        ledger.record(generous, ledger.today(), Map.of(MINI, new ModelTokens(2_000, 500, 0)));
        ledger.record(strict, ledger.today(), Map.of(MINI, new ModelTokens(90, 10, 0)));

        assertThat(send(generous).status()).isEqualTo(202);
        assertThat(send(strict).status()).isEqualTo(429);
        assertThat(api(generous).get("/api/usage").json().path("budget").path("dailyTokens").asLong()).isEqualTo(5_000);
    }

    private static ApiClient.Response send(String user) {
        ApiClient api = api(user);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        return api.post("/api/threads/" + threadId + "/messages", Map.of("content", "Hello"));
    }

    /** The answer of a run as a worker would have stored it. */
    private static String storeAnswer(String threadId, String runId) {
        Run run = mongo.findById(runId, Run.class, Run.COLLECTION);
        mongo.save(new Message(run.assistantMessageId(), threadId, run.userMessageId(), Role.ASSISTANT, "Hi", "orchestrator",
                Instant.now(), MessageStatus.COMPLETE, runId, 1, 1, null, null, null, null, null, null, 0),
                Message.COLLECTION);
        return run.assistantMessageId();
    }

    private static ApiClient api(String user) {
        return new ApiClient("http://127.0.0.1:" + port, TestTokens.token(user));
    }

    private static String user() {
        return "usage-" + Ids.newId();
    }
}
