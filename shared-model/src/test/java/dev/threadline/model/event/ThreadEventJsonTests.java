package dev.threadline.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadEventJsonTests {

    private static final Instant TS = Instant.parse("2026-11-23T10:15:30.123Z");

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aDeltaCarriesTheMembersOfTheProtocolAndAnIsoTimestamp() {
        JsonNode delta = write(new MessageDelta("t1", TS, "r1", 2, 7L, "m1", "orchestrator", "Navy "));

        assertThat(delta.propertyNames()).containsExactlyInAnyOrder("type", "threadId", "ts", "runId", "attempt", "seq",
                "messageId", "assistant", "delta");
        assertThat(delta.path("type").asString()).isEqualTo("message.delta");
        assertThat(delta.path("ts").asString()).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(delta.path("seq").asLong()).isEqualTo(7);
    }

    @Test
    void absentOptionalMembersAreLeftOut() {
        JsonNode cancelled = write(new RunCancelled("t1", TS, "r1", null, null, null));

        assertThat(cancelled.propertyNames()).containsExactlyInAnyOrder("type", "threadId", "ts", "runId");
    }

    @Test
    void storageOnlyMembersOfAMessageAreNeverSerialized() {
        Message message = new Message("m1", "t1", null, Role.USER, "hi", "alice", TS, MessageStatus.COMPLETE, "r1", 0, 0,
                null, null, null, null, null, "client-1", 0);

        JsonNode created = write(MessageCreated.ofUserMessage(message, TS));

        assertThat(created.path("message").path("role").asString()).isEqualTo("user");
        assertThat(created.path("message").path("status").asString()).isEqualTo("complete");
        assertThat(created.path("message").has("clientMessageId")).isFalse();
        assertThat(created.has("attempt")).isFalse();
    }

    @Test
    void everyEventTypeReadsBackAsTheRecordItWasWrittenFrom() {
        List<ThreadEvent> events = List.of(
                new RunQueued("t1", TS, "r1", "m1", 0),
                new RunStarted("t1", TS, "r1", 1, 1L, "orchestrator"),
                new MessageDelta("t1", TS, "r1", 1, 2L, "m2", "orchestrator", "x"),
                new AssistantConsulted("t1", TS, "r1", 1, 3L, "orchestrator", "wardrobe", "What fits?"),
                new ToolCalled("t1", TS, "r1", 1, 4L, "wardrobe", "c1", "get_weather", Map.of("location", "Oslo")),
                new ToolResulted("t1", TS, "r1", 1, 5L, "wardrobe", "c1", "get_weather", "4 °C, rain", null),
                new RunCompleted("t1", TS, "r1", 1, 6L, "m2", new Usage(10, 20, 4, Map.of("orchestrator", new Usage.ByAssistant(6, 12), "wardrobe", new Usage.ByAssistant(4, 8))),
                        new ContextUsage(310, 128000, 2), new RunMetrics(120L, 900)),
                new RunFailed("t1", TS, "r1", 1, 7L, new RunError("model_error", "boom", true)),
                new RunCancelled("t1", TS, "r1", 1, 8L, "m2"),
                new FeedbackRecorded("t1", TS, "m2", "up"),
                new Presence("t1", TS, List.of("alice", "bob"), 3),
                new Typing("t1", TS, "alice"));

        for (ThreadEvent event : events) {
            byte[] bytes = json.writerFor(ThreadEvent.class).writeValueAsBytes(event);
            assertThat(json.readValue(bytes, ThreadEvent.class)).isEqualTo(event);
        }
    }

    @Test
    void aThreadUpdateCarriesTheThreadWithoutItsStorageOnlyMembers() {
        JsonNode updated = write(new ThreadUpdated("t1", TS, new ChatThread("t1", "Interview outfit", "orchestrator", TS,
                TS, null, "m2", true, false, List.of("work"), List.of("bob"), new ContextUsage(40, 1000, 0), "alice", 3, true)));

        assertThat(updated.path("type").asString()).isEqualTo("thread.updated");
        assertThat(updated.path("thread").propertyNames()).containsExactlyInAnyOrder("id", "title", "assistant",
                "createdAt", "updatedAt", "activeRunId", "currentLeafId", "pinned", "archived", "tags", "members", "context",
                "owner");
        assertThat(updated.path("thread").path("owner").asString()).isEqualTo("alice");
        assertThat(updated.path("thread").path("tags").get(0).asString()).isEqualTo("work");
    }

    private JsonNode write(ThreadEvent event) {
        return json.readTree(json.writerFor(ThreadEvent.class).writeValueAsBytes(event));
    }
}
