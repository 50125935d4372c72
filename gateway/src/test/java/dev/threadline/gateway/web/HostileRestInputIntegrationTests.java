package dev.threadline.gateway.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on the REST API: every case answers a clear problem+json error (never a 500), and no
 * data of another user is revealed or changed. Alice attacks; Bob's thread must come out untouched.
 */
class HostileRestInputIntegrationTests {

    private static ConfigurableApplicationContext gateway;
    private static String baseUrl;
    private static ApiClient alice;
    private static ApiClient bob;
    private static String aliceThread;
    private static String bobThread;
    private static String bobMessage;

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.limits.sends.burst=1000",
                "--threadline.limits.sends.max-active-runs=1000", "--threadline.limits.rest.burst=10000");
        baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
        alice = new ApiClient(baseUrl, TestTokens.token("alice"));
        bob = new ApiClient(baseUrl, TestTokens.token("bob"));
        aliceThread = alice.post("/api/threads", Map.of("title", "alice's")).json().path("id").asString();
        bobThread = bob.post("/api/threads", Map.of("title", "bob's secret plans")).json().path("id").asString();
        bobMessage = bob.post("/api/threads/" + bobThread + "/messages", Map.of("content", "bob's private words"))
                .json().path("messageId").asString();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void bobsThreadIsIntact() {
        assertBobUntouched();
    }

    static Stream<Arguments> malformedBodies() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        return Stream.of(
                Arguments.of("truncated JSON", "{\"content\":", 400, "validation_failed"),
                Arguments.of("not JSON at all", "<xml>hello</xml>", 400, "validation_failed"),
                Arguments.of("a JSON string instead of an object", "\"hello\"", 400, "validation_failed"),
                Arguments.of("an array instead of an object", "[{\"content\":\"hi\"}]", 400, "validation_failed"),
                Arguments.of("a number for content", "{\"content\":42}", 400, "validation_failed"),
                Arguments.of("a boolean for content", "{\"content\":true}", 400, "validation_failed"),
                Arguments.of("an array for content", "{\"content\":[\"hi\"]}", 400, "validation_failed"),
                Arguments.of("a word for temperature", "{\"content\":\"hi\",\"temperature\":\"hot\"}", 400,
                        "validation_failed"),
                Arguments.of("NaN temperature", "{\"content\":\"hi\",\"temperature\":NaN}", 400, "validation_failed"),
                Arguments.of("an object for attachments", "{\"content\":\"hi\",\"attachments\":{\"type\":\"image\"}}",
                        400, "validation_failed"),
                Arguments.of("deeply nested JSON", "{\"content\":\"hi\",\"attachments\":" + deep + "}", 400,
                        "validation_failed"),
                Arguments.of("an empty body", "", 400, "validation_failed"),
                Arguments.of("a duplicated key", "{\"content\":\"a\",\"content\":\"b\"}", 400, "validation_failed"),
                Arguments.of("blank content", "{\"content\":\"  \\n\\t \"}", 400, "validation_failed"),
                Arguments.of("content over 32,000 characters", "{\"content\":\"" + "x".repeat(32_001) + "\"}", 413,
                        "message_too_large"),
                Arguments.of("a script as the image URL",
                        "{\"content\":\"hi\",\"attachments\":[{\"type\":\"image\",\"url\":\"javascript:alert(1)\"}]}", 400,
                        "validation_failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aMalformedSendBodyIsRefusedWithAProblem(String description, String body, int status, String code) {
        ApiClient.Response response = alice.send("POST", "/api/threads/" + aliceThread + "/messages",
                "application/json", body.getBytes(StandardCharsets.UTF_8));

        assertProblem(response, status, code);
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() {
        byte[] huge = ("{\"content\":\"" + "x".repeat(40 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        ApiClient.Response response = alice.send("POST", "/api/threads/" + aliceThread + "/messages",
                "application/json", huge);

        assertProblem(response, 413, "message_too_large");
    }

    @Test
    void aDeclaredHugeBodyIsRefusedWithoutReadingIt() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/threads/" + aliceThread + "/messages HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer " + TestTokens.token("alice") + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2000000000\r\n\r\n{\"content\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/threads/" + aliceThread + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + TestTokens.token("alice") + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            byte[] header = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                out.write("c\r\n{\"content\":\"\r\n".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 64; i++) {
                    out.write(header);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            catch (IOException closedByTheServer) {
                // the server answered and closed before we finished: that is the point
            }

            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void aBodyOfAnotherMediaTypeIsRefused() {
        ApiClient.Response response = alice.send("POST", "/api/threads/" + aliceThread + "/messages", "text/plain",
                "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8));

        assertProblem(response, 415, "unsupported_media_type");
    }

    static Stream<Arguments> operatorInjections() {
        return Stream.of(
                Arguments.of("POST", "/api/threads", "{\"title\":{\"$where\":\"sleep(1000)\"}}"),
                Arguments.of("POST", "/api/threads", "{\"assistant\":{\"$ne\":null}}"),
                Arguments.of("POST", "/api/threads/{thread}/messages", "{\"content\":{\"$gt\":\"\"}}"),
                Arguments.of("POST", "/api/threads/{thread}/messages", "{\"content\":\"hi\",\"assistant\":{\"$ne\":null}}"),
                Arguments.of("POST", "/api/threads/{thread}/messages", "{\"content\":\"hi\",\"model\":{\"$regex\":\".*\"}}"),
                Arguments.of("POST", "/api/threads/{thread}/messages",
                        "{\"content\":\"hi\",\"clientMessageId\":{\"$exists\":true}}"),
                Arguments.of("POST", "/api/threads/{thread}/messages/{message}/feedback", "{\"rating\":{\"$in\":[\"up\"]}}"),
                Arguments.of("POST", "/api/wardrobe/items", "{\"name\":{\"$gt\":\"\"},\"category\":\"tops\"}"),
                Arguments.of("POST", "/api/auth/token", "{\"username\":{\"$gt\":\"\"},\"password\":\"whatever1\"}"),
                Arguments.of("POST", "/api/auth/token", "{\"username\":\"bob\",\"password\":{\"$ne\":\"\"}}"),
                Arguments.of("POST", "/api/auth/register", "{\"username\":{\"$where\":\"1==1\"},\"password\":\"long enough\"}"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("operatorInjections")
    void mongoOperatorsInBodiesAreRefusedAsWrongTypes(String method, String path, String body) {
        ApiClient.Response response = alice.send(method, path.replace("{thread}", aliceThread)
                .replace("{message}", bobMessage), "application/json", body.getBytes(StandardCharsets.UTF_8));

        assertProblem(response, 400, "validation_failed");
    }

    static Stream<String> hostileIds() {
        return Stream.of("{\"$ne\":null}", "{\"$gt\":\"\"}", "{\"$where\":\"true\"}", "../../etc/passwd",
                "..\\..\\windows", "%2e%2e%2f%2e%2e%2f", "*", ".*", "000000000000000000000000", "BOB",
                "ffffffffffffffffffffffff", "\u0000", "1 || 1==1", "'; db.dropDatabase(); '");
    }

    @ParameterizedTest(name = "thread id {0}")
    @MethodSource("hostileIds")
    void hostileThreadIdsAreNotFoundNorRejectedWithoutAProblem(String id) {
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        for (ApiClient.Response response : List.of(alice.get("/api/threads/" + encoded),
                alice.get("/api/threads/" + encoded + "/messages"),
                alice.delete("/api/threads/" + encoded),
                alice.post("/api/threads/" + encoded + "/messages", Map.of("content", "hi")),
                alice.post("/api/threads/" + encoded + "/runs/" + encoded + "/cancel", Map.of()))) {
            assertThat(response.status()).as(response.body()).isIn(400, 404);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @ParameterizedTest(name = "before={0}")
    @MethodSource("hostileIds")
    void hostilePagingCursorsAreRefused(String cursor) {
        String encoded = URLEncoder.encode(cursor, StandardCharsets.UTF_8);

        assertProblem(alice.get("/api/threads?before=" + encoded), 400, "validation_failed");
        assertProblem(alice.get("/api/threads/" + aliceThread + "/messages?before=" + encoded), 400,
                "validation_failed");
    }

    @Test
    void operatorShapedQueryParametersAreIgnoredOrRefused() {
        ApiClient.Response encoded = alice.get("/api/threads?before%5B%24gt%5D=&limit%5B%24gt%5D=0&ownerId=bob");
        ApiClient.Response raw = alice.get("/api/threads?before[$gt]=&ownerId=bob");

        assertThat(encoded.status()).isEqualTo(200);
        assertThat(encoded.body()).doesNotContain(bobThread).contains(aliceThread);
        assertProblem(raw, 400, "validation_failed");
    }

    @Test
    void pathTraversalNeverReachesAnotherResource() {
        for (String path : List.of("/api/threads/" + aliceThread + "/..%2F" + bobThread,
                "/api/threads/%2e%2e/" + bobThread, "/api/threads/" + aliceThread + "/%2e%2e%2f%2e%2e%2fexport",
                "/api/threads/" + aliceThread + ";ownerId=bob", "/api/threads//" + bobThread,
                "/api/threads/" + bobThread + "%00")) {
            ApiClient.Response response = alice.get(path);
            assertThat(response.status()).as(path).isIn(400, 404);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.body()).as(path).doesNotContain("secret plans", "private words");
        }
    }

    @Test
    void forgedUserFieldsInBodiesAreIgnored() {
        ApiClient.Response created = alice.post("/api/threads",
                Map.of("title", "mine", "ownerId", "bob", "userId", "bob", "id", bobThread));
        String threadId = created.json().path("id").asString();
        ApiClient.Response sent = alice.post("/api/threads/" + threadId + "/messages", Map.of("content", "hello",
                "userId", "bob", "author", "bob", "role", "assistant", "threadId", bobThread, "status", "failed"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(threadId).isNotEqualTo(bobThread);
        assertThat(bob.get("/api/threads/" + threadId).status()).isEqualTo(404);
        assertThat(sent.status()).isEqualTo(202);
        JsonNode stored = alice.get("/api/threads/" + threadId + "/messages").json().path("items").get(0);
        assertThat(stored.path("author").asString()).isEqualTo("alice");
        assertThat(stored.path("role").asString()).isEqualTo("user");
        assertThat(stored.path("threadId").asString()).isEqualTo(threadId);
    }

    @Test
    void scriptsAndControlCharactersAreStoredAndReturnedVerbatimAsData() {
        String payload = "<script>alert('x')</script><img src=x onerror=alert(1)> \u0000\u0001\u0007\u001b[31m "
                + "\u202eevil\u202c {{7*7}} ${jndi:ldap://x/a} '; DROP TABLE messages; -- \uD83D\uDE00";

        ApiClient.Response sent = alice.post("/api/threads/" + aliceThread + "/messages",
                Map.of("content", payload, "clientMessageId", "script-payload"));
        ApiClient.Response history = alice.get("/api/threads/" + aliceThread + "/messages?limit=100");

        assertThat(sent.status()).isEqualTo(202);
        assertThat(history.contentType()).startsWith("application/json");
        assertThat(history.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(history.json().path("items").valueStream().map(item -> item.path("content").asString()))
                .contains(payload);
    }

    @Test
    void aClientMessageIdReplayedAcrossThreadsAndUsersStaysInItsOwnThread() {
        String otherAliceThread = alice.post("/api/threads", Map.of()).json().path("id").asString();
        Map<String, String> body = Map.of("content", "same id", "clientMessageId", "replayed-everywhere");

        JsonNode first = alice.post("/api/threads/" + aliceThread + "/messages", body).json();
        JsonNode second = alice.post("/api/threads/" + otherAliceThread + "/messages", body).json();
        JsonNode bobs = bob.post("/api/threads/" + bobThread + "/messages", body).json();
        JsonNode replay = alice.post("/api/threads/" + aliceThread + "/messages", body).json();

        assertThat(List.of(first.path("messageId"), second.path("messageId"), bobs.path("messageId"))).doesNotHaveDuplicates();
        assertThat(replay.path("messageId")).isEqualTo(first.path("messageId"));
        assertThat(alice.get("/api/threads/" + otherAliceThread + "/messages").json().path("items")).hasSize(1);
        assertThat(alice.get("/api/threads/" + aliceThread + "/messages?limit=100").body())
                .doesNotContain(bobs.path("messageId").asString());
    }

    @Test
    void anotherUsersThreadIsNotFoundForEveryOperation() {
        String threads = "/api/threads/" + bobThread;
        for (ApiClient.Response response : List.of(alice.get(threads), alice.get(threads + "/messages"),
                alice.post(threads + "/messages", Map.of("content", "let me in")),
                alice.post(threads + "/messages/" + bobMessage + "/feedback", Map.of("rating", "down")),
                alice.post(threads + "/runs/" + bobMessage + "/cancel", Map.of()),
                alice.delete(threads))) {
            assertProblem(response, 404, "not_found");
            assertThat(response.body()).doesNotContain("secret plans", "private words");
        }
        assertBobUntouched();
        assertThat(alice.get("/api/export").body()).doesNotContain(bobThread, "secret plans", "private words");
    }

    @Test
    void tokensThatAreUnsignedOrForgedAreRefused() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"
                .getBytes(StandardCharsets.UTF_8));
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"bob\",\"scope\":\"admin\","
                + "\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        String bobsToken = TestTokens.token("bob");
        String tampered = bobsToken.substring(0, bobsToken.indexOf('.') + 1) + claims
                + bobsToken.substring(bobsToken.lastIndexOf('.'));
        for (String token : List.of(header + "." + claims + ".", tampered, TestTokens.token(
                "wrong-secret-wrong-secret-wrong-secret", "bob", java.time.Duration.ofHours(1)), "a.b.c", "%00")) {
            ApiClient.Response response = new ApiClient(baseUrl, token).get("/api/threads/" + bobThread);
            assertProblem(response, 401, "unauthorized");
            assertThat(response.wwwAuthenticate()).startsWith("Bearer");
        }
    }

    private static int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    private static void assertBobUntouched() {
        ApiClient.Response thread = bob.get("/api/threads/" + bobThread);
        assertThat(thread.status()).isEqualTo(200);
        assertThat(thread.json().path("title").asString()).isEqualTo("bob's secret plans");
        assertThat(bob.get("/api/threads/" + bobThread + "/messages").json().path("items").valueStream()
                .map(item -> item.path("content").asString())).contains("bob's private words");
    }

    private static void assertProblem(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).as(response.body()).isEqualTo(code);
        if (status == 429 || status == 503) {
            assertThat(response.header("Retry-After")).isNotBlank();
        }
    }
}
