package dev.threadline.gateway.admin;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.threadline.common.usage.ModelTokens;
import dev.threadline.common.usage.UsageLedger;
import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md §14's administration on two gateways sharing one store: the admin scope, the users seen,
 * changes to a user, everyone's usage, and disabling — in force on the gateway that took the change at
 * once and on the other within its refresh, open STOMP sessions included.
 */
class AdminIntegrationTests {

    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(10);

    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext otherGateway;
    private static String baseUrl;
    private static String otherBaseUrl;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        String store = "--spring.mongodb.uri=" + TestServices.mongoUri();
        gateway = start(store);
        otherGateway = start(store);
        baseUrl = url(gateway);
        otherBaseUrl = url(otherGateway);
        admin = new ApiClient(baseUrl, TestTokens.admin("ops-" + suffix()));
    }

    private static ConfigurableApplicationContext start(String store) {
        return GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), store,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.limits.rest.anonymous-burst=1000");
    }

    @AfterAll
    static void stop() {
        otherGateway.close();
        gateway.close();
    }

    @Test
    void adminEndpointsNeedTheAdminScope() {
        ApiClient user = new ApiClient(baseUrl, TestTokens.token("plain-" + suffix()));
        ApiClient metrics = new ApiClient(baseUrl, TestTokens.withScope("scraper-" + suffix(), "metrics"));

        for (ApiClient.Response refused : List.of(user.get("/api/admin/users"), user.get("/api/admin/usage"),
                user.patch("/api/admin/users/someone", Map.of("disabled", true)), metrics.get("/api/admin/users"))) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("code").asString()).isEqualTo("forbidden");
        }
        assertThat(new ApiClient(baseUrl, null).get("/api/admin/users").status()).isEqualTo(401);
        assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
        assertThat(new ApiClient(baseUrl, TestTokens.withScope("both-" + suffix(), "metrics admin"))
                .get("/api/admin/usage").status()).isEqualTo(200);
    }

    @Test
    void usersSeenOnRestOrStompArePagedHighestIdFirstWithTheUsernamesOfLocalAccounts() {
        String name = "grace_" + suffix();
        ApiClient anonymous = new ApiClient(baseUrl, null);
        String localId = anonymous.post("/api/auth/register", Map.of("username", name, "password", "long enough pass"))
                .json().path("id").asString();
        String localToken = anonymous.post("/api/auth/token", Map.of("username", name, "password", "long enough pass"))
                .json().path("access_token").asString();
        String restUser = "ext-" + suffix();
        String stompUser = "ext-" + suffix();
        assertThat(new ApiClient(baseUrl, localToken).get("/api/threads").status()).isEqualTo(200);
        assertThat(new ApiClient(otherBaseUrl, TestTokens.token(restUser)).get("/api/threads").status()).isEqualTo(200);
        try (StompTestClient client = StompTestClient.connect(wsUrl(baseUrl), TestTokens.token(stompUser))) {
            assertThat(client.isConnected()).isTrue();
        }

        await().atMost(WITHIN_SECONDS).until(() -> allUsers().stream().map(user -> user.path("id").asString())
                .toList().containsAll(List.of(localId, restUser, stompUser)));
        List<List<JsonNode>> pages = pages(2);
        List<JsonNode> users = pages.stream().flatMap(List::stream).toList();
        List<String> ids = users.stream().map(user -> user.path("id").asString()).toList();

        assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(2));
        assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(page -> assertThat(page).hasSize(2));
        assertThat(ids).doesNotHaveDuplicates();
        List<String> objectIds = ids.stream().filter(ObjectId::isValid).toList();
        List<String> others = ids.stream().filter(id -> !ObjectId.isValid(id)).toList();
        assertThat(ids).isEqualTo(concat(objectIds, others));
        assertThat(objectIds).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(others).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode local = byId(users, localId);
        assertThat(local.path("username").asString()).isEqualTo(name);
        assertThat(local.path("disabled").asBoolean()).isFalse();
        assertThat(local.path("dailyTokens").isNull()).isTrue();
        assertThat(local.path("firstSeenAt").asString()).isNotBlank();
        assertThat(byId(users, restUser).has("username")).isFalse();
        assertThat(byId(users, stompUser).path("lastSeenAt").asString()).isNotBlank();
        assertThat(admin.get("/api/admin/users?limit=0").status()).isEqualTo(400);
        assertThat(admin.get("/api/admin/users?limit=101").status()).isEqualTo(400);
    }

    @Test
    void patchValidatesItsBodyAndCreatesTheProfileOfAUserNotSeenYet() {
        String future = "future-" + suffix();
        String path = "/api/admin/users/" + future;

        JsonNode budgeted = admin.patch(path, Map.of("dailyTokens", 5000)).json();
        assertThat(budgeted.path("id").asString()).isEqualTo(future);
        assertThat(budgeted.path("dailyTokens").asLong()).isEqualTo(5000);
        assertThat(budgeted.path("disabled").asBoolean()).isFalse();
        assertThat(budgeted.path("firstSeenAt").isNull()).isTrue();
        JsonNode disabled = admin.patch(path, Map.of("disabled", true)).json();
        assertThat(disabled.path("disabled").asBoolean()).isTrue();
        assertThat(disabled.path("dailyTokens").asLong()).isEqualTo(5000);
        Map<String, Object> clear = new java.util.HashMap<>();
        clear.put("dailyTokens", null);
        clear.put("disabled", false);
        JsonNode cleared = admin.patch(path, clear).json();
        assertThat(cleared.path("dailyTokens").isNull()).isTrue();
        assertThat(cleared.path("disabled").asBoolean()).isFalse();

        for (String body : List.of("{\"dailyTokens\":-1}", "{\"disable\":true}", "{}", "{\"disabled\":\"yes\"}",
                "{\"dailyTokens\":1.5}", "{\"dailyTokens\":\"100\"}", "[]", "not json",
                "{\"disabled\":true,\"disabled\":false}")) {
            ApiClient.Response refused = admin.send("PATCH", path, "application/json",
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.json().path("code").asString()).as(body).isEqualTo("validation_failed");
        }
        assertThat(admin.patch(path, Map.of("dailyTokens", 0)).json().path("dailyTokens").asLong()).isZero();

        assertThat(new ApiClient(baseUrl, TestTokens.token(future)).get("/api/threads").status()).isEqualTo(200);
        await().atMost(WITHIN_SECONDS).until(() -> !byId(allUsers(), future).path("firstSeenAt").isNull());
        assertThat(byId(allUsers(), future).path("dailyTokens").asLong()).isZero();
    }

    @Test
    void adminUsageAddsUpTheLedgerPerUserOverTheDaysAsked() {
        UsageLedger ledger = gateway.getBean(UsageLedger.class);
        LocalDate today = ledger.today();
        String heavy = "heavy-" + suffix();
        String light = "light-" + suffix();
        ledger.record(heavy, today, Map.of("gpt-4.1-mini", new ModelTokens(1000, 200, 50),
                "gpt-4.1", new ModelTokens(10, 5, 0)));
        ledger.record(heavy, today.minusDays(3), Map.of("gpt-4.1-mini", new ModelTokens(100, 20, 0)));
        ledger.record(light, today.minusDays(1), Map.of("gpt-4.1-mini", new ModelTokens(30, 7, 3)));
        ledger.record(light, today.minusDays(40), Map.of("gpt-4.1-mini", new ModelTokens(999_999, 1, 0)));

        JsonNode usage = admin.get("/api/admin/usage").json();
        JsonNode users = usage.path("users");
        List<String> order = new ArrayList<>();
        users.forEach(user -> order.add(user.path("userId").asString()));

        assertThat(order).containsSubsequence(heavy, light);
        JsonNode heavyUsage = byUserId(users, heavy);
        assertThat(heavyUsage.path("inputTokens").asLong()).isEqualTo(1110);
        assertThat(heavyUsage.path("outputTokens").asLong()).isEqualTo(225);
        assertThat(heavyUsage.path("cachedTokens").asLong()).isEqualTo(50);
        assertThat(heavyUsage.path("runs").asLong()).isEqualTo(3);
        assertThat(byUserId(users, light).path("inputTokens").asLong()).isEqualTo(30);
        long totalInput = 0;
        for (JsonNode user : users) {
            totalInput += user.path("inputTokens").asLong();
        }
        assertThat(usage.path("totals").path("inputTokens").asLong()).isEqualTo(totalInput);
        JsonNode longAgo = admin.get("/api/admin/usage?from=" + today.minusDays(40) + "&to=" + today.minusDays(40))
                .json();
        assertThat(byUserId(longAgo.path("users"), light).path("inputTokens").asLong()).isEqualTo(999_999);
        assertThat(longAgo.path("users")).hasSize(1);
        assertThat(byUserId(admin.get("/api/admin/usage?to=" + today.minusDays(1)).json().path("users"), heavy)
                .path("inputTokens").asLong()).isEqualTo(100);

        for (String query : List.of("?from=" + today + "&to=" + today.minusDays(1), "?from=2026-13-01",
                "?to=yesterday", "?from=" + today.minusDays(366) + "&to=" + today)) {
            ApiClient.Response refused = admin.get("/api/admin/usage" + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().path("code").asString()).isEqualTo("validation_failed");
        }
        assertThat(admin.get("/api/admin/usage?from=" + today.minusDays(365) + "&to=" + today).status()).isEqualTo(200);
    }

    @Test
    void aDisabledUserIsRefusedOnEveryGatewayWithinSecondsAndComesBackWhenEnabled() {
        String victim = "victim-" + suffix();
        String token = TestTokens.token(victim);
        ApiClient here = new ApiClient(baseUrl, token);
        ApiClient there = new ApiClient(otherBaseUrl, token);
        assertThat(here.get("/api/threads").status()).isEqualTo(200);
        try (StompTestClient sessionHere = StompTestClient.connect(wsUrl(baseUrl), token);
                StompTestClient sessionThere = StompTestClient.connect(wsUrl(otherBaseUrl), token)) {

            assertThat(admin.patch("/api/admin/users/" + victim, Map.of("disabled", true)).json()
                    .path("disabled").asBoolean()).isTrue();

            ApiClient.Response refused = here.get("/api/threads");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().path("code").asString()).isEqualTo("user_disabled");
            assertThat(refused.wwwAuthenticate()).startsWith("Bearer").contains("invalid_token");
            await().atMost(WITHIN_SECONDS).until(() -> !sessionHere.isConnected());
            assertThat(sessionHere.errorMessage()).startsWith("Unauthorized");
            await().atMost(WITHIN_SECONDS).until(() -> there.get("/api/threads").status() == 401);
            assertThat(there.get("/api/threads").json().path("code").asString()).isEqualTo("user_disabled");
            await().atMost(WITHIN_SECONDS).until(() -> !sessionThere.isConnected());
            assertThat(sessionThere.errorMessage()).startsWith("Unauthorized");
            assertThat(StompTestClient.connectRefused(wsUrl(otherBaseUrl), token)).startsWith("Unauthorized")
                    .contains("disabled");
        }

        assertThat(admin.patch("/api/admin/users/" + victim, Map.of("disabled", false)).status()).isEqualTo(200);

        assertThat(here.get("/api/threads").status()).isEqualTo(200);
        await().atMost(WITHIN_SECONDS).until(() -> there.get("/api/threads").status() == 200);
        try (StompTestClient again = StompTestClient.connect(wsUrl(otherBaseUrl), token)) {
            assertThat(again.isConnected()).isTrue();
        }
    }

    @Test
    void framesOfADisabledUsersOpenSessionAreDroppedBeforeAnyFeatureSeesThem() {
        String disabled = "muted-" + suffix();
        admin.patch("/api/admin/users/" + disabled, Map.of("disabled", true));
        DisabledUserStompGuard guard = gateway.getBean(DisabledUserStompGuard.class);

        assertThat(guard.preSend(frame(StompCommand.SEND, disabled), null)).isNull();
        assertThat(guard.preSend(frame(StompCommand.SUBSCRIBE, disabled), null)).isNull();
        assertThat(guard.preSend(frame(StompCommand.DISCONNECT, disabled), null)).isNotNull();
        assertThat(guard.preSend(frame(StompCommand.SEND, "someone-else-" + suffix()), null)).isNotNull();
    }

    private static Message<byte[]> frame(StompCommand command, String userId) {
        StompHeaderAccessor accessor = StompHeaderAccessor.create(command);
        accessor.setSessionId("no-such-session");
        accessor.setUser(() -> userId);
        accessor.setDestination("/app/threads/000000000000000000000000/typing");
        accessor.setLeaveMutable(true);
        return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
    }

    private static List<JsonNode> allUsers() {
        return pages(100).stream().flatMap(List::stream).toList();
    }

    private static List<List<JsonNode>> pages(int limit) {
        List<List<JsonNode>> pages = new ArrayList<>();
        String next = null;
        do {
            String query = "?limit=" + limit + (next == null ? "" : "&before=" + next);
            JsonNode page = admin.get("/api/admin/users" + query).json();
            List<JsonNode> items = new ArrayList<>();
            page.path("items").forEach(items::add);
            pages.add(items);
            next = page.path("next").isNull() ? null : page.path("next").asString();
        }
        while (next != null);
        return pages;
    }

    private static JsonNode byId(List<JsonNode> users, String id) {
        return users.stream().filter(user -> id.equals(user.path("id").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no user " + id + " in " + users));
    }

    private static JsonNode byUserId(JsonNode users, String userId) {
        for (JsonNode user : users) {
            if (userId.equals(user.path("userId").asString())) {
                return user;
            }
        }
        throw new AssertionError("no usage of " + userId + " in " + users);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static String wsUrl(String base) {
        return base.replace("http", "ws") + "/ws";
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
