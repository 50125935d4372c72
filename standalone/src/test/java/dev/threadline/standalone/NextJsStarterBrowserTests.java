package dev.threadline.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.TcpProxy;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Next.js starter ({@code clients/nextjs-starter}) built with npm and driven in headless Chromium against a live
 * gateway and worker, at 1280 px and at a phone's 390 px: sign up with the local issuer (or sign in with a token),
 * start a conversation, watch the answer stream in token by token with the consultation and the tool call shown,
 * see it complete; reload mid-answer and get the whole answer once; stop a run; see a refused login's problem.
 * Screenshots go to {@code standalone/target/screenshots/} ({@code nextjs-starter-desktop.png},
 * {@code nextjs-starter-phone.png}). The gateway allows the app's origin through {@code CORS_ALLOWED_ORIGINS}, as an
 * operator sets it. Skipped with the reason where Node.js or Chromium is missing, unless
 * {@code THREADLINE_REQUIRE_BROWSER=true} (set by CI) makes that a failure.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class NextJsStarterBrowserTests {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path CLIENT = Path.of("..", "clients", "typescript");
    private static final Path APP = Path.of("..", "clients", "nextjs-starter");
    private static final Path NEXT = APP.resolve("node_modules/.bin/next").toAbsolutePath();
    private static final Path LOGS = Path.of("target", "nextjs-starter");
    static final Path DESKTOP_SCREENSHOT = Path.of("target", "screenshots", "nextjs-starter-desktop.png");
    static final Path PHONE_SCREENSHOT = Path.of("target", "screenshots", "nextjs-starter-phone.png");
    private static final String ASSISTANT_ANSWER = "[data-testid=message][data-role=assistant]";

    private static DistributedHarness harness;
    /** Between the browser and the gateway, so that a test can drop the network. */
    private static TcpProxy network;
    private static Process app;
    private static String appUrl;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        requireOrSkip(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), CHROMIUM + " or " + CHROMEDRIVER
                + " is missing (apt-get install chromium chromium-driver)");
        requireOrSkip(onPath("node") && onPath("npm"), "Node.js (node and npm) is not installed");
        appUrl = "http://127.0.0.1:" + freePort();
        CompletableFuture<Void> installed = CompletableFuture.allOf(
                CompletableFuture.runAsync(NextJsStarterBrowserTests::buildTypedClient),
                CompletableFuture.runAsync(NextJsStarterBrowserTests::installStarter));
        harness = startGatewayAllowing(appUrl);
        network = new TcpProxy("127.0.0.1", harness.port());
        installed.join();
        run("next-build", APP, List.of(NEXT.toString(), "build"),
                Map.of("NEXT_PUBLIC_THREADLINE_URL", "http://127.0.0.1:" + network.port()));
        app = serve();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.descendants().forEach(ProcessHandle::destroy);
            app.destroy();
        }
        if (network != null) {
            network.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aNewUserStartsAConversationAndWatchesTheAnswerStreamWithTheConsultationAtDesktopWidth() throws IOException {
        List<String> tokens = words("For an interview, wear your navy blazer with grey trousers, a white shirt "
                + "and clean dark shoes: calm, tidy and sure of yourself.");
        harness.model.respondWith(request -> {
            if (request.instructions().contains("wardrobe specialist")) {
                return request.toolOutputs().isEmpty()
                        ? FakeReply.toolCall("call_s1", "search_wardrobe", "{\"query\":\"blazer\"}")
                        : FakeReply.text("Navy ", "blazer.");
            }
            return request.toolOutputs().isEmpty()
                    ? FakeReply.toolCall("call_w1", "ask_wardrobe", "{\"question\":\"What fits an interview?\"}")
                    : FakeReply.text(tokens, Duration.ofMillis(150));
        });
        viewport(1280, 800, false);
        openSignedOut();

        signUp("next" + UUID.randomUUID().toString().substring(0, 8));
        awaitConnected();
        send("What should I wear to a job interview?");
        wait(30).until(ExpectedConditions.urlContains("/threads/"));
        recordAnswerTexts();

        awaitCompleteAnswer(String.join("", tokens));
        assertAnswerGrewByAppending(String.join("", tokens), 3);
        assertThat(texts("[data-testid=message][data-role=user]")).containsExactly("What should I wear to a job interview?");
        assertThat(texts("[data-testid=activity] li[data-kind=consultation] summary"))
                .containsExactly("orchestrator asked wardrobe done");
        assertThat(texts("[data-testid=activity] li[data-kind=tool] summary"))
                .containsExactly("wardrobe called search_wardrobe done");
        assertThat(browser.findElement(By.cssSelector("[data-testid=run]")).getDomAttribute("data-phase")).isEqualTo("completed");
        assertThat(browser.findElements(By.cssSelector("[data-testid=stop]"))).as("nothing left to stop").isEmpty();
        assertThat(browser.findElement(By.cssSelector("[data-testid=thread-title]")).getText())
                .isEqualTo("What should I wear to a job interview?");
        WebElement listed = browser.findElement(By.cssSelector("[data-testid=thread-link][aria-current=page]"));
        assertThat(listed.getText()).isEqualTo("What should I wear to a job interview?");

        browser.findElement(By.cssSelector("[data-testid=activity] li[data-kind=consultation] summary")).click();
        assertThat(browser.findElement(By.cssSelector("[data-testid=activity] li[data-kind=consultation] dl")).getText())
                .as("the question and the specialist's answer fold out")
                .isEqualTo("Question\nWhat fits an interview?\nAnswer\nNavy blazer.");
        assertNoHorizontalOverflow(1280);
        Rectangle list = browser.findElement(By.id("sidebar")).getRect();
        assertThat(list.getX() + list.getWidth()).as("the conversation list beside the conversation")
                .isLessThanOrEqualTo(browser.findElement(By.cssSelector("[data-testid=conversation]")).getRect().getX());
        screenshot(DESKTOP_SCREENSHOT);
    }

    @Test
    void onAPhoneAReloadMidAnswerResumesItOnceAndStopEndsTheNextRun() throws IOException {
        List<String> tokens = words("Layers work well in a light wind: a thin shirt under a warm jumper, and a "
                + "jacket that closes at the neck.");
        harness.model.respondWith(request -> FakeReply.text(tokens, Duration.ofMillis(300)));
        viewport(390, 844, true);
        openSignedOut();

        browser.findElement(By.cssSelector(".token-sign-in summary")).click();
        browser.findElement(By.cssSelector("[data-testid=token]")).sendKeys(TestTokens.token("phone-" + UUID.randomUUID()));
        browser.findElement(By.cssSelector("[data-testid=use-token]")).click();
        awaitConnected();
        send("What should I wear on a windy day?");
        wait(30).until(driver -> driver.findElements(By.cssSelector(ASSISTANT_ANSWER + " .message-text")).stream()
                .anyMatch(text -> !text.getText().isBlank()));

        browser.navigate().refresh();
        recordAnswerTexts();
        awaitConnected();
        awaitCompleteAnswer(String.join("", tokens));
        assertAnswerGrewByAppending(String.join("", tokens), 1);
        assertThat(texts(ASSISTANT_ANSWER + " .message-text")).as("every delta once, across the reload")
                .containsExactly(String.join("", tokens));
        assertNoHorizontalOverflow(390);
        assertThat(browser.findElement(By.cssSelector("[data-testid=conversation]")).getRect().getWidth())
                .as("the conversation uses the phone's width").isGreaterThanOrEqualTo(380);
        assertThat(browser.findElement(By.id("sidebar")).isDisplayed()).as("the list folded away").isFalse();
        screenshot(PHONE_SCREENSHOT);

        harness.model.respondWith(request -> FakeReply.text(words("word ".repeat(200)), Duration.ofMillis(100)));
        send("And for the evening?");
        wait(30).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=stop]"))).click();
        WebElement stopped = wait(30).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=run][data-phase=cancelled]")));
        assertThat(stopped.getText()).endsWith("Stopped.");
        assertThat(browser.findElements(By.cssSelector("[data-testid=stop]"))).isEmpty();

        browser.findElement(By.cssSelector("[data-testid=toggle-list]")).click();
        wait(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=thread-link]")));
        assertThat(texts("[data-testid=thread-link]")).containsExactly("What should I wear on a windy day?");
        assertNoHorizontalOverflow(390);
    }

    @Test
    void afterTheNetworkDropsMidAnswerTheAppReconnectsAndTheAnswerCarriesOnWithNothingLostOrDoubled() {
        List<String> tokens = words("A trench coat over a light knit keeps you dry and warm enough, and loafers "
                + "with a rubber sole will not slip on wet stones; add a scarf in case the wind turns.");
        harness.model.respondWith(request -> FakeReply.text(tokens, Duration.ofMillis(200)));
        viewport(1280, 800, false);
        openSignedOut();
        signUp("drop" + UUID.randomUUID().toString().substring(0, 8));
        awaitConnected();
        send("What should I wear in the rain?");
        wait(30).until(driver -> driver.findElements(By.cssSelector(ASSISTANT_ANSWER + " .message-text")).stream()
                .anyMatch(text -> !text.getText().isBlank()));

        network.cut();
        try {
            wait(20).until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection]"), "data-state",
                    "reconnecting"));
        }
        finally {
            network.restore();
        }
        recordAnswerTexts();
        awaitConnected();
        awaitCompleteAnswer(String.join("", tokens));
        assertAnswerGrewByAppending(String.join("", tokens), 1);
        assertThat(texts(ASSISTANT_ANSWER + " .message-text")).as("one answer, every delta once")
                .containsExactly(String.join("", tokens).strip());
        assertThat(browser.findElement(By.cssSelector("[data-testid=run]")).getDomAttribute("data-phase")).isEqualTo("completed");
    }

    /**
     * An assistant whose {@code search_wardrobe} needs approval (PROTOCOL.md §13): the run waits on a card with the
     * tool and its arguments, the card comes back after a reload (read from the run), and once approved the tool runs
     * and the answer uses what it found.
     */
    @Test
    void aToolCallWaitsOnAnApprovalCardThatAReloadRestoresAndOnceApprovedTheAnswerUsesTheToolsResult() {
        ApprovalScenario scenario = ApprovalScenario.prepare(harness, "next-admin");
        String user = scenario.user();
        String assistant = scenario.assistant();
        String threadId = scenario.threadId();
        ApiClient api = scenario.api(harness);
        viewport(1280, 800, false);
        openSignedOut();
        browser.findElement(By.cssSelector(".token-sign-in summary")).click();
        browser.findElement(By.cssSelector("[data-testid=token]")).sendKeys(TestTokens.token(user));
        browser.findElement(By.cssSelector("[data-testid=use-token]")).click();
        awaitConnected();
        wait(30).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=thread-link]"))).click();
        wait(30).until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=thread-title]"), "Closet check"));
        send("Do I own a navy blazer?");

        assertWaitingApprovalCard(assistant);
        String runId = api.get("/api/threads/" + threadId).json().path("activeRunId").asString();
        assertThat(api.get("/api/threads/" + threadId + "/runs/" + runId).json().path("status").asString())
                .isEqualTo("awaiting_approval");
        assertThat(browser.findElements(By.cssSelector(ASSISTANT_ANSWER))).as("no answer yet").isEmpty();
        browser.navigate().refresh();
        awaitConnected();
        assertWaitingApprovalCard(assistant);
        assertNoHorizontalOverflow(1280);

        browser.findElement(By.cssSelector("[data-testid=approve]")).click();
        wait(10).until(driver -> driver.findElements(By.cssSelector("[data-testid=approval] button:enabled")).isEmpty());
        wait(30).until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=approval-outcome]"), "Approved by you"));
        WebElement answer = wait(60).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(ASSISTANT_ANSWER + "[data-status=complete] .message-text")));
        assertThat(answer.getText()).startsWith("Found in your wardrobe: ").contains("Navy blazer", "outerwear");
        assertThat(browser.findElement(By.cssSelector("[data-testid=approval]")).getDomAttribute("data-outcome"))
                .isEqualTo("approved");
        wait(30).until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=run]"), "data-phase", "completed"));
        assertThat(api.get("/api/threads/" + threadId + "/runs/" + runId).json().path("approval").path("decision")
                .path("userId").asString()).isEqualTo(user);
    }

    @Test
    void aRefusedLoginShowsTheProblemAndConnectsNothing() {
        viewport(1280, 800, false);
        openSignedOut();
        browser.findElement(By.cssSelector("[data-testid=username]")).sendKeys("nobody" + UUID.randomUUID().toString().substring(0, 8));
        browser.findElement(By.cssSelector("[data-testid=password]")).sendKeys("wrong password");
        browser.findElement(By.cssSelector("[data-testid=sign-in]")).click();
        WebElement problem = wait(20).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=problem]")));
        assertThat(problem.getDomAttribute("data-code")).isEqualTo("unauthorized");
        assertThat(problem.findElement(By.cssSelector(".notice-text")).getText()).isEqualTo("Wrong username or password");
        assertThat(browser.findElements(By.cssSelector("[data-testid=connection]"))).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefusedWithTheGatewaysReasonAndAWayBackToSignIn() {
        viewport(1280, 800, false);
        openSignedOut();
        browser.findElement(By.cssSelector(".token-sign-in summary")).click();
        browser.findElement(By.cssSelector("[data-testid=token]")).sendKeys(TestTokens.expired("late-" + UUID.randomUUID()));
        browser.findElement(By.cssSelector("[data-testid=use-token]")).click();

        WebElement refused = wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=refused]")));
        assertThat(refused.getText()).startsWith("The gateway refused the connection: Unauthorized");
        assertThat(browser.findElement(By.cssSelector("[data-testid=connection]")).getDomAttribute("data-state")).isEqualTo("refused");
        WebElement listProblem = wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sidebar [data-testid=problem]")));
        assertThat(listProblem.getDomAttribute("data-code")).as("the thread list's REST call: problem+json").isEqualTo("unauthorized");
        refused.findElement(By.tagName("button")).click();
        wait(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=username]")));
    }

    /** The starter links the typed client from ../typescript: its build needs the client's. */
    private static void buildTypedClient() {
        if (stale(CLIENT)) {
            run("client-npm-ci", CLIENT, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        }
        run("client-build", CLIENT, List.of("npm", "run", "build"), Map.of());
    }

    private static void installStarter() {
        if (stale(APP)) {
            // --ignore-scripts: its postinstall builds the typed client, which buildTypedClient does meanwhile
            run("starter-npm-ci", APP, List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), Map.of());
        }
    }

    /** `npm ci` again only when the lockfile changed since the last one: a test run reuses node_modules. */
    private static boolean stale(Path project) {
        Path installed = project.resolve("node_modules/.package-lock.json");
        try {
            return !Files.exists(installed) || Files.getLastModifiedTime(project.resolve("package-lock.json"))
                    .compareTo(Files.getLastModifiedTime(installed)) > 0;
        }
        catch (IOException e) {
            return true;
        }
    }

    /** The gateway reads {@code CORS_ALLOWED_ORIGINS} at start-up, as in production; only this context sees it. */
    private static DistributedHarness startGatewayAllowing(String origin) {
        System.setProperty("CORS_ALLOWED_ORIGINS", origin);
        try {
            return new DistributedHarness("responses");
        }
        finally {
            System.clearProperty("CORS_ALLOWED_ORIGINS");
        }
    }

    private static Process serve() throws IOException {
        Path log = LOGS.resolve("next-start.log");
        Process server = new ProcessBuilder(NEXT.toString(), "start", "-H", "127.0.0.1", "-p",
                appUrl.substring(appUrl.lastIndexOf(':') + 1)).directory(APP.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("next start exited: " + log, () -> !server.isAlive())
                .until(() -> http.send(HttpRequest.newBuilder(URI.create(appUrl + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return server;
    }

    /** Runs a build step in {@code directory}, its output in {@code target/nextjs-starter/<step>.log}, and prints its time. */
    private static void run(String step, Path directory, List<String> command, Map<String, String> environment) {
        Path log = LOGS.resolve(step + ".log");
        long started = System.nanoTime();
        try {
            Files.createDirectories(LOGS);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("NEXT_TELEMETRY_DISABLED", "1");
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(step + " did not finish in 5 minutes: " + log.toAbsolutePath());
            }
            assertThat(process.exitValue()).as("%s (%s):%n%s", step, String.join(" ", command), Files.readString(log)).isZero();
        }
        catch (IOException e) {
            throw new IllegalStateException(step + " could not run", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.out.printf("%s: %d ms%n", step, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void requireOrSkip(boolean present, String missing) {
        if (!present && "true".equals(System.getenv("THREADLINE_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("THREADLINE_REQUIRE_BROWSER=true but " + missing);
        }
        Assumptions.assumeTrue(present, missing + ": the Next.js starter's browser test does not run");
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> words(String text) {
        return List.of(text.split("(?<= )"));
    }

    /** Each test starts signed out: the app keeps its token in sessionStorage. */
    private static void openSignedOut() {
        browser.get(appUrl + "/");
        browser.executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.get(appUrl + "/");
        wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=username]")));
    }

    private static void signUp(String username) {
        browser.findElement(By.cssSelector("[data-testid=username]")).sendKeys(username);
        browser.findElement(By.cssSelector("[data-testid=password]")).sendKeys("correct horse battery staple");
        browser.findElement(By.cssSelector("[data-testid=register]")).click();
    }

    private static void awaitConnected() {
        wait(30).until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=connection]"), "data-state", "connected"));
    }

    private static void send(String content) {
        WebElement box = wait(30).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=composer-input]")));
        box.sendKeys(content);
        wait(10).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=send]"))).click();
    }

    /** The one approval card: who asks, for which tool, with which arguments, still waiting, in a waiting run. */
    private static void assertWaitingApprovalCard(String assistant) {
        WebElement card = wait(30).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=approval]")));
        assertThat(browser.findElements(By.cssSelector("[data-testid=approval]"))).hasSize(1);
        assertThat(card.findElement(By.cssSelector("[data-testid=approval-assistant]")).getText()).isEqualTo(assistant);
        assertThat(card.findElement(By.cssSelector("[data-testid=approval-tool]")).getText()).isEqualTo("search_wardrobe");
        assertThat(card.findElement(By.cssSelector("[data-testid=approval-arguments]")).getText())
                .isEqualTo("{\n  \"query\": \"navy blazer\"\n}");
        assertThat(card.findElement(By.cssSelector("[data-testid=approval-outcome]")).getText())
                .startsWith("Waiting for an answer until ");
        assertThat(card.findElement(By.cssSelector("[data-testid=approve]")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.cssSelector("[data-testid=run]")).getDomAttribute("data-phase"))
                .isEqualTo("awaiting_approval");
        assertThat(browser.findElements(By.cssSelector("[data-testid=stop]"))).as("a waiting run can be stopped").hasSize(1);
    }

    private static WebElement awaitCompleteAnswer(String text) {
        WebElement answer = wait(60).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(ASSISTANT_ANSWER + "[data-status=complete] .message-text")));
        assertThat(answer.getText()).isEqualTo(text.strip());
        return answer;
    }

    /** Notes every text the answer shows, from now on, as the page changes it. */
    private static void recordAnswerTexts() {
        browser.executeScript("""
                window.answerTexts = [];
                new MutationObserver(() => {
                  const text = document.querySelector('%s .message-text')?.textContent ?? '';
                  if (text !== window.answerTexts.at(-1)) window.answerTexts.push(text);
                }).observe(document.body, { subtree: true, childList: true, characterData: true });
                """.formatted(ASSISTANT_ANSWER));
    }

    /**
     * Every text the answer showed since {@link #recordAnswerTexts()} began the final answer, and at least
     * {@code partials} of them were shorter: it streamed in, and no delta was lost or applied twice on the way
     * (the final {@code message.created} would hide both in the end).
     */
    @SuppressWarnings("unchecked")
    private static void assertAnswerGrewByAppending(String answer, int partials) {
        List<String> seen = new ArrayList<>((List<String>) browser.executeScript("return window.answerTexts"));
        assertThat(seen).as("texts shown").allMatch(answer::startsWith);
        assertThat(seen.stream().filter(text -> !text.isEmpty() && text.length() < answer.length()))
                .as("partial texts among %s", seen).hasSizeGreaterThanOrEqualTo(partials);
    }

    private static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static WebDriverWait wait(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.pollingEvery(Duration.ofMillis(50));
        return wait;
    }

    /** The exact CSS viewport, whatever the headless window's size; mobile honours the page's viewport meta tag. */
    private static void viewport(int width, int height, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    private static void assertNoHorizontalOverflow(int width) {
        assertThat(browser.executeScript("return window.innerWidth")).isEqualTo((long) width);
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth"))
                .as("no horizontal overflow").isLessThanOrEqualTo(width);
    }

    private static void screenshot(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, browser.getScreenshotAs(OutputType.BYTES));
    }
}
