package dev.threadline.gateway.presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.threadline.common.store.StoreSchema;
import dev.threadline.gateway.TestGateway;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence changes are announced together: however many sessions joined a thread since the last announcement,
 * its subscribers get one {@code presence} event with the result. The gateway's own announce interval is an
 * hour here, so the test decides when the announcement happens.
 */
class PresenceAnnouncementIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--threadline.presence.announce-interval=1h");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void sessionsThatJoinedSinceTheLastAnnouncementAreAnnouncedInOneEvent() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "a-owner-" + suffix;
        String member = "b-member-" + suffix;
        ApiClient owners = new ApiClient(gateway.baseUrl(), TestTokens.token(owner));
        String threadId = owners.post("/api/threads", Map.of("title", "Busy")).json().path("id").asString();
        assertThat(owners.post("/api/threads/" + threadId + "/members", Map.of("userId", member)).status()).isEqualTo(204);
        String topic = "/topic/threads/" + threadId;
        PresenceAnnouncer announcer = gateway.bean(PresenceAnnouncer.class);
        List<StompTestClient> members = new ArrayList<>();
        try (StompTestClient watcher = StompTestClient.connect(gateway.wsUrl(), TestTokens.token(owner))) {
            List<JsonNode> events = watcher.subscribeAndWait(topic);
            for (int i = 0; i < 3; i++) {
                StompTestClient session = StompTestClient.connect(gateway.wsUrl(), TestTokens.token(member));
                members.add(session);
                session.subscribeAndWait(topic);
            }
            await("four entries stored").atMost(WAIT).until(() -> entries(threadId) == 4);
            assertThat(presence(events)).as("nothing announced before the announcer runs").isEmpty();

            announcer.announce();

            await("the announcement").atMost(WAIT).until(() -> !presence(events).isEmpty());
            await("no second announcement").during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> presence(events).size() == 1);
            assertThat(presence(events)).containsExactly(List.of(owner, member) + "/4");
        }
        finally {
            members.forEach(StompTestClient::close);
        }
    }

    private static long entries(String threadId) {
        return gateway.bean(MongoTemplate.class).count(Query.query(Criteria.where("threadId").is(threadId)),
                StoreSchema.PRESENCE);
    }

    private static List<String> presence(List<JsonNode> events) {
        return events.stream().filter(e -> "presence".equals(e.path("type").asString()))
                .map(e -> e.path("users").valueStream().map(JsonNode::asString).toList() + "/" + e.path("sessions").asInt())
                .toList();
    }
}
