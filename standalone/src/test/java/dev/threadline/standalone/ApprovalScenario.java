package dev.threadline.standalone;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser tests of the approval card (PROTOCOL.md §13) start from: a user with a navy blazer in their
 * wardrobe and a thread "Closet check" with an assistant whose {@code search_wardrobe} needs approval; the fake model
 * calls it first and then answers with what it found.
 */
record ApprovalScenario(String user, String assistant, String threadId) {

    static final String CALL_ID = "call_closet";

    static ApprovalScenario prepare(DistributedHarness harness, String admin) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String user = "approver-" + suffix;
        String assistant = "closet-" + suffix;
        assertThat(new ApiClient(harness.httpUrl(), TestTokens.admin(admin)).post("/api/assistants", Map.of(
                "name", assistant, "description", "Knows your wardrobe", "instructions", "Look in the user's wardrobe.",
                "tools", List.of("search_wardrobe"),
                "toolSettings", Map.of("search_wardrobe", Map.of("approval", "always")))).status()).isIn(200, 201);
        ApiClient api = new ApiClient(harness.httpUrl(), TestTokens.token(user));
        assertThat(api.post("/api/wardrobe/items", Map.of("name", "Navy blazer", "category", "outerwear", "color", "navy"))
                .status()).isEqualTo(201);
        String threadId = api.post("/api/threads", Map.of("title", "Closet check", "assistant", assistant)).json()
                .path("id").asString();
        harness.model.respondWith(request -> request.instructions().startsWith("Write a title")
                ? FakeReply.text("Closet check")
                : request.toolOutputs().isEmpty()
                        ? FakeReply.toolCall(CALL_ID, "search_wardrobe", "{\"query\":\"navy blazer\"}")
                        : FakeReply.text("Found ", "in your wardrobe: " + request.toolOutputs().get(CALL_ID)));
        return new ApprovalScenario(user, assistant, threadId);
    }

    ApiClient api(DistributedHarness harness) {
        return new ApiClient(harness.httpUrl(), TestTokens.token(user));
    }
}
