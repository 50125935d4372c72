package dev.threadline.standalone;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.Color;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page in headless Chromium (Debian's chromium and chromedriver), at a desktop width and at a phone's
 * (390×844): register and log in, start a conversation, watch the answer stream with the consulted specialist
 * shown, rate it; reload the page mid-answer and find the conversation reopened and the answer completed once;
 * see a registration error next to the form and nothing of the previous user after switching; edit a question
 * (a second branch, 2/2), switch back (‹), regenerate an answer (2/2), pin, rename and archive threads, and search;
 * share a thread: add a member, see them here and their message, the day's tokens and the context meter; approve a
 * tool call on its card, also after a reload while the run waits.
 * Screenshots go to {@code standalone/target/screenshots/}: {@code demo-desktop.png} (also as {@code demo-page.png},
 * the name the README gives), {@code demo-phone.png}, and {@code demo-phone-registration.png} with the registration
 * error; those of the conversation tree, of search results, of a shared thread and of an approval card to the committed
 * {@code docs/screenshots/}.
 * Where no Chromium is installed the test is skipped with the reason, unless
 * {@code THREADLINE_REQUIRE_BROWSER=true} (set by CI) makes that a failure.
 */
class DemoPageBrowserTests {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOT = Path.of("target", "screenshots", "demo-page.png");
    static final Path DESKTOP_SCREENSHOT = Path.of("target", "screenshots", "demo-desktop.png");
    static final Path PHONE_SCREENSHOT = Path.of("target", "screenshots", "demo-phone.png");
    static final Path PHONE_REGISTRATION_SCREENSHOT = Path.of("target", "screenshots", "demo-phone-registration.png");
    static final Path BRANCHES_SCREENSHOT = Path.of("..", "docs", "screenshots", "demo-branches.png");
    static final Path SEARCH_SCREENSHOT = Path.of("..", "docs", "screenshots", "demo-search.png");
    static final Path SHARED_SCREENSHOT = Path.of("..", "docs", "screenshots", "demo-shared.png");
    static final Path APPROVAL_SCREENSHOT = Path.of("..", "docs", "screenshots", "demo-approval.png");
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;

    private static DistributedHarness harness;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("THREADLINE_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("THREADLINE_REQUIRE_BROWSER=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(installed, "Chromium is not installed (apt-get install chromium chromium-driver): "
                + "the browser test of the demo page does not run");
        harness = new DistributedHarness("responses");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aUserRegistersChatsSeesTheConsultationRatesTheAnswerAndTheScreenshotShowsIt() throws IOException {
        harness.model.respondWith(request -> {
            if (request.instructions().contains("wardrobe specialist")) {
                return FakeReply.text("Navy ", "blazer.");
            }
            return request.toolOutputs().isEmpty()
                    ? FakeReply.toolCall("call_w1", "ask_wardrobe", "{\"question\":\"What fits an interview?\"}")
                    : FakeReply.text("Wear ", "your ", "navy ", "blazer ", "with ", "grey ", "trousers.");
        });
        viewport(1280, 800, false);
        openFreshPage();
        WebDriverWait wait = wait(20);

        register("demo" + UUID.randomUUID().toString().substring(0, 8));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));

        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-thread"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("content")))
                .sendKeys("What should I wear to a job interview?");
        browser.findElement(By.id("send")).click();

        WebElement answer = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#messages li.assistant.done .text")));
        wait.until(ExpectedConditions.textToBePresentInElement(answer, "Wear your navy blazer with grey trousers."));
        assertThat(answer.getText()).isEqualTo("Wear your navy blazer with grey trousers.");
        assertThat(browser.findElement(By.cssSelector("#messages li.user .text")).getText())
                .isEqualTo("What should I wear to a job interview?");
        assertThat(browser.findElement(By.cssSelector("#messages li.note.consulted")).getText())
                .isEqualTo("orchestrator asked wardrobe: What fits an interview?");
        assertThat(browser.findElements(By.cssSelector("#threads li"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#threads li button")).getText())
                .as("an untitled thread is named by its first words").isEqualTo("What should I wear to a…");

        browser.findElement(By.cssSelector("#messages li.assistant .rate-up")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#messages li.assistant .rate-up.chosen")));

        assertNoHorizontalOverflow(1280);
        Rectangle threads = browser.findElement(By.id("threads")).getRect();
        assertThat(threads.getX() + threads.getWidth()).as("the thread list beside the chat")
                .isLessThanOrEqualTo(browser.findElement(By.id("chat")).getRect().getX());
        byte[] png = screenshot(DESKTOP_SCREENSHOT);
        Files.write(SCREENSHOT, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(600);
        assertThat(distinctColours(image)).as("a rendered page, not a blank one").isGreaterThan(20);
    }

    @Test
    void onAPhoneTheOpenConversationSurvivesAReloadMidAnswerAndTheRegistrationErrorShowsAtTheForm() throws IOException {
        String answerText = "Layers work well in a light wind: a thin shirt under a warm jumper.";
        harness.model.respondWith(request -> FakeReply.text(List.of(answerText.split("(?<= )")), Duration.ofMillis(300)));
        viewport(PHONE_WIDTH, PHONE_HEIGHT, true);
        openFreshPage();
        WebDriverWait wait = wait(20);
        String username = "phone" + UUID.randomUUID().toString().substring(0, 8);

        register(username);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-thread"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("content"))).sendKeys("What should I wear on a windy day?");
        browser.findElement(By.id("send")).click();
        wait.until(driver -> driver.findElements(By.cssSelector("#messages li.assistant .text")).stream()
                .anyMatch(text -> !text.getText().isBlank()));
        assertThat(browser.findElement(By.cssSelector("#messages li.user .text")).getText())
                .isEqualTo("What should I wear on a windy day?");

        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));
        WebElement answer = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#messages li.assistant.done .text")));
        wait.until(ExpectedConditions.textToBePresentInElement(answer, answerText));
        assertThat(answer.getText()).as("every delta once, across the reload").isEqualTo(answerText);
        assertThat(browser.findElement(By.cssSelector("#messages li.user .text")).getText())
                .isEqualTo("What should I wear on a windy day?");
        assertThat(browser.findElement(By.id("send")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.id("content")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.id("thread-title")).getText()).isEqualTo("What should I wear on a…");

        assertNoHorizontalOverflow(PHONE_WIDTH);
        WebElement status = browser.findElement(By.id("status"));
        assertThat(status.isDisplayed()).isTrue();
        assertThat(insideViewport(status.getRect(), PHONE_WIDTH, PHONE_HEIGHT)).as("status within the screen").isTrue();
        assertThat(contrast(status)).as("status text against its own background").isGreaterThanOrEqualTo(4.5);
        assertThat(browser.findElement(By.id("chat")).getRect().getWidth()).as("chat uses the width")
                .isGreaterThanOrEqualTo(PHONE_WIDTH - 20);
        byte[] png = screenshot(PHONE_SCREENSHOT);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(PHONE_WIDTH);
        assertThat(distinctColours(image)).as("a rendered page, not a blank one").isGreaterThan(20);

        browser.findElement(By.id("toggle-threads")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#threads li button")));
        assertNoHorizontalOverflow(PHONE_WIDTH);

        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "disconnected"));
        assertThat(browser.findElements(By.cssSelector("#messages li, #threads li"))).isEmpty();
        register(username);
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("auth-error")));
        wait.until(ExpectedConditions.textToBePresentInElement(error, "That username is taken"));
        Rectangle form = browser.findElement(By.id("login-form")).getRect();
        assertThat(error.getRect().getY() - (form.getY() + form.getHeight())).as("right under the form").isBetween(0, 24);
        assertThat(insideViewport(error.getRect(), PHONE_WIDTH, PHONE_HEIGHT)).isTrue();
        assertThat(browser.findElement(By.id("chat-error")).getText()).isEmpty();
        screenshot(PHONE_REGISTRATION_SCREENSHOT);

        register("other" + UUID.randomUUID().toString().substring(0, 8));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));
        wait.until(ExpectedConditions.attributeToBe(By.id("threads"), "aria-busy", "false"));
        assertThat(browser.findElements(By.cssSelector("#messages li, #threads li"))).as("nothing of the first user").isEmpty();
        assertThat(browser.findElement(By.id("chat-error")).getText()).isEmpty();
        assertThat(browser.findElement(By.id("send")).isEnabled()).isFalse();
    }

    @Test
    void editRegenerateAndSwitchBranchesOrganiseThreadsAndSearchFromThePage() throws IOException {
        String question = "What should I wear to a job interview?";
        String edited = "What should I wear to a startup interview?";
        AtomicInteger interviewAnswers = new AtomicInteger();
        harness.model.respondWith(request -> {
            if (request.instructions().startsWith("Write a title")) {
                return FakeReply.text("Interview outfit");
            }
            if (request.lastUserText().equals(edited)) {
                return FakeReply.text("Dark ", "jeans ", "and ", "a ", "blazer.");
            }
            return interviewAnswers.incrementAndGet() == 1 ? FakeReply.text("A ", "navy ", "suit.")
                    : FakeReply.text("A ", "charcoal ", "suit ", "with ", "a ", "white ", "shirt.");
        });
        viewport(1280, 800, false);
        openFreshPage();
        WebDriverWait wait = wait(20);
        register("tree" + UUID.randomUUID().toString().substring(0, 8));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));
        wait.until(driver -> driver.findElements(By.cssSelector("#model option")).size() > 1);
        assertThat(browser.findElements(By.cssSelector("#model option")).stream().map(WebElement::getText))
                .as("the models of /api/models, the default marked").anyMatch(text -> text.endsWith(" (default)"));

        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-thread"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("content"))).sendKeys(question);
        assertThat(browser.findElement(By.id("char-count")).getText()).isEqualTo(question.length() + " / 32,000");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.assistant.done .text"), "A navy suit."));
        wait.until(ExpectedConditions.textToBe(By.id("thread-title"), "Interview outfit"));
        assertThat(browser.findElement(By.cssSelector("#messages li.user time")).getAttribute("datetime"))
                .as("each message shows when it was written").isNotBlank();
        assertThat(browser.findElements(By.cssSelector("#messages .branch button"))).as("no siblings yet").isEmpty();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("context")));
        assertThat(browser.findElement(By.id("context-text")).getText()).as("the §12 context of the last run")
                .matches("[\\d,]+ / [\\d,]+ tokens");

        browser.findElement(By.cssSelector("#messages li.user .edit")).click();
        WebElement box = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages li.user .edit-box")));
        box.clear();
        box.sendKeys(edited);
        browser.findElement(By.cssSelector("#messages li.user .save-edit")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.assistant.done .text"), "Dark jeans and a blazer."));
        assertBranch(wait, edited, "2/2", "Dark jeans and a blazer.", null);

        browser.findElement(By.cssSelector("#messages li.user .prev")).click();
        assertBranch(wait, question, "1/2", "A navy suit.", null);

        browser.findElement(By.cssSelector("#messages li.assistant .regenerate")).click();
        assertBranch(wait, question, "1/2", "A charcoal suit with a white shirt.", "2/2");
        assertThat(browser.findElement(By.cssSelector("#messages li.assistant .prev")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.cssSelector("#messages li.assistant .next")).isEnabled()).isFalse();
        assertNoHorizontalOverflow(1280);
        checkScreenshot(screenshot(BRANCHES_SCREENSHOT), 1280);

        organiseThreads(wait);
        browser.findElement(By.cssSelector("#threads li.pinned button")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.assistant.done .text"),
                "A charcoal suit with a white shirt."));

        WebElement search = browser.findElement(By.id("search"));
        search.sendKeys("CHARCOAL shirt");
        search.sendKeys(Keys.ENTER);
        WebElement hit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#search-results li button")));
        assertThat(browser.findElements(By.cssSelector("#search-results li"))).hasSize(1);
        assertThat(hit.findElement(By.cssSelector(".hit-title")).getText()).isEqualTo("Interview outfit");
        assertThat(hit.findElement(By.cssSelector(".snippet")).getText()).startsWith("Answer: ").contains("charcoal");
        assertThat(browser.findElement(By.id("search-summary")).getText()).isEqualTo("1 found for “CHARCOAL shirt”");
        checkScreenshot(screenshot(SEARCH_SCREENSHOT), 1280);
        browser.findElement(By.id("show-archived")).click();
        wait.until(driver -> threadLabels().equals(List.of("Spare thread")));
        browser.findElement(By.cssSelector("#threads li button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("thread-title"), "Spare thread"));
        browser.findElement(By.cssSelector("#search-results li button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("thread-title"), "Interview outfit"));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.found .text"), "A charcoal suit with a white shirt."));

        ((JavascriptExecutor) browser).executeScript("const box = document.getElementById('content');"
                + "box.value = 'x'.repeat(32001); box.dispatchEvent(new Event('input'));");
        assertThat(browser.findElement(By.id("char-count")).getText()).isEqualTo("32,001 / 32,000");
        assertThat(browser.findElement(By.id("char-count")).getAttribute("class")).contains("over");
        assertThat(browser.findElement(By.id("send")).isEnabled()).as("over the limit: nothing to send").isFalse();
    }

    /** Pins the conversation, starts a second one, renames and archives it, and reads the list with and without archived ones. */
    @Test
    void aSharedThreadShowsItsMembersWhoIsHereTheirMessagesTheDaysTokensAndTheContextMeter() throws IOException {
        harness.model.respondWith(request -> request.instructions().startsWith("Write a title")
                ? FakeReply.text("Wedding guest outfit")
                : request.lastUserText().contains("shoes") ? FakeReply.text("Brown ", "oxfords.")
                : FakeReply.text("A ", "light ", "grey ", "suit."));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "alice-" + suffix;
        String member = "bob-" + suffix;
        viewport(1280, 800, false);
        openFreshPage();
        WebDriverWait wait = wait(20);
        browser.findElement(By.id("token")).sendKeys(TestTokens.token(owner));
        browser.findElement(By.cssSelector("#token-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));
        assertThat(browser.findElement(By.id("usage")).getText()).isEqualTo("Today: 0 tokens");

        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-thread"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("content"))).sendKeys("What should I wear to a wedding?");
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.assistant.done .text"), "A light grey suit."));
        wait.until(driver -> !driver.findElement(By.id("usage")).getText().equals("Today: 0 tokens"));
        assertThat(browser.findElement(By.id("usage")).getText()).matches("Today: [1-9][\\d,]* tokens");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("context")));
        wait.until(ExpectedConditions.textMatches(By.id("presence"), java.util.regex.Pattern.compile(
                "Here now: " + owner + " \\(1 session\\)")));

        browser.findElement(By.id("member-id")).sendKeys(member);
        browser.findElement(By.cssSelector("#member-form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("members"), member));
        assertThat(browser.findElement(By.id("members")).getText()).startsWith("Members: " + owner + " (owner), " + member);

        String threadId = browser.findElement(By.cssSelector("#threads li")).getAttribute("data-id");
        try (StompTestClient bob = StompTestClient.connect(harness.wsUrl(), TestTokens.token(member))) {
            bob.subscribeAndWait("/topic/threads/" + threadId);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("presence"), member));
            assertThat(browser.findElement(By.id("presence")).getText())
                    .isEqualTo("Here now: " + String.join(", ", List.of(owner, member).stream().sorted().toList())
                            + " (2 sessions)");
            assertThat(new ApiClient(harness.httpUrl(), TestTokens.token(member)).post(
                    "/api/threads/" + threadId + "/messages", Map.of("content", "And which shoes?")).status())
                    .isEqualTo(202);
            wait.until(driver -> driver.findElements(By.cssSelector("#messages li.user .author")).stream()
                    .anyMatch(author -> author.getText().equals(member)));
            wait.until(driver -> driver.findElements(By.cssSelector("#messages li.assistant.done .text")).stream()
                    .anyMatch(text -> text.getText().equals("Brown oxfords.")));
            assertNoHorizontalOverflow(1280);
            checkScreenshot(screenshot(SHARED_SCREENSHOT), 1280);
        }
        wait.until(ExpectedConditions.textToBe(By.id("presence"), "Here now: " + owner + " (1 session)"));

        browser.findElement(By.cssSelector("#members .remove-member")).click();
        wait.until(driver -> !driver.findElement(By.id("members")).getText().contains(member));
    }

    /**
     * An assistant whose {@code search_wardrobe} needs approval (§13): the run waits, the card shows the tool and its
     * arguments and comes back after a reload (from the run, the event being gone), and once approved the tool runs
     * and the answer uses what it found.
     */
    @Test
    void aToolCallWaitsOnAnApprovalCardThatSurvivesAReloadAndOnceApprovedTheAnswerUsesTheToolsResult()
            throws IOException {
        ApprovalScenario scenario = ApprovalScenario.prepare(harness, "demo-admin");
        String user = scenario.user();
        String assistant = scenario.assistant();
        String threadId = scenario.threadId();
        ApiClient api = scenario.api(harness);
        viewport(1280, 800, false);
        openFreshPage();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.findElement(By.id("token")).sendKeys(TestTokens.token(user));
        browser.findElement(By.cssSelector("#token-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#threads li button"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("thread-title"), "Closet check"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("content"))).sendKeys("Do I own a navy blazer?");
        browser.findElement(By.id("send")).click();

        assertApprovalCard(wait, assistant);
        String runId = api.get("/api/threads/" + threadId).json().path("activeRunId").asString();
        assertThat(api.get("/api/threads/" + threadId + "/runs/" + runId).json().path("status").asString())
                .isEqualTo("awaiting_approval");
        assertThat(browser.findElements(By.cssSelector("#messages li.assistant.done"))).as("no answer yet").isEmpty();
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));
        WebElement card = assertApprovalCard(wait, assistant);
        assertNoHorizontalOverflow(1280);
        checkScreenshot(screenshot(APPROVAL_SCREENSHOT), 1280);

        card.findElement(By.cssSelector(".approve")).click();
        assertThat(card.findElement(By.cssSelector(".deny")).isEnabled()).as("answered once").isFalse();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.approval .outcome"), "Approved by you"));
        WebElement answer = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#messages li.assistant.done .text")));
        assertThat(answer.getText()).startsWith("Found in your wardrobe: ").contains("Navy blazer", "outerwear");
        assertThat(browser.findElement(By.cssSelector("#messages li.approval")).getAttribute("data-outcome"))
                .isEqualTo("approved");
        JsonNode run = api.get("/api/threads/" + threadId + "/runs/" + runId).json();
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.path("approval").path("decision").path("approved").asBoolean()).isTrue();
        assertThat(run.path("approval").path("decision").path("userId").asString()).isEqualTo(user);
    }

    /** The one approval card shown: who asks, for which tool, with which arguments, still waiting. */
    private static WebElement assertApprovalCard(WebDriverWait wait, String assistant) {
        WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#messages li.approval")));
        assertThat(browser.findElements(By.cssSelector("#messages li.approval"))).hasSize(1);
        assertThat(card.findElement(By.cssSelector(".asker")).getText()).isEqualTo(assistant);
        assertThat(card.findElement(By.cssSelector(".tool-name")).getText()).isEqualTo("search_wardrobe");
        assertThat(card.findElement(By.cssSelector(".arguments")).getText()).isEqualTo("{\n  \"query\": \"navy blazer\"\n}");
        assertThat(card.findElement(By.cssSelector(".outcome")).getText()).startsWith("Waiting for an answer until ");
        assertThat(card.findElement(By.cssSelector(".approve")).isEnabled()).isTrue();
        return card;
    }

    private static void organiseThreads(WebDriverWait wait) {
        browser.findElement(By.id("pin")).click();
        wait.until(ExpectedConditions.textToBe(By.id("pin"), "Unpin"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#threads li.pinned")));
        browser.findElement(By.id("new-thread")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#threads li"), 2));
        wait.until(ExpectedConditions.textToBe(By.id("pin"), "Pin"));
        browser.findElement(By.id("rename")).click();
        WebElement title = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("title-input")));
        title.sendKeys("Spare thread", Keys.ENTER);
        wait.until(ExpectedConditions.textToBe(By.id("thread-title"), "Spare thread"));
        wait.until(driver -> threadLabels().equals(List.of("Interview outfit", "Spare thread")));
        assertThat(threadLabels()).as("pinned first").containsExactly("Interview outfit", "Spare thread");
        browser.findElement(By.id("archive")).click();
        wait.until(ExpectedConditions.textToBe(By.id("archive"), "Unarchive"));
        wait.until(driver -> threadLabels().equals(List.of("Interview outfit")));
        browser.findElement(By.id("show-archived")).click();
        wait.until(driver -> threadLabels().equals(List.of("Spare thread")));
        browser.findElement(By.id("show-archived")).click();
        wait.until(driver -> threadLabels().equals(List.of("Interview outfit")));
    }

    /** Read in one script: the list is drawn anew on every change, so elements found one by one may go stale. */
    @SuppressWarnings("unchecked")
    private static List<String> threadLabels() {
        return (List<String>) browser.executeScript(
                "return [...document.querySelectorAll('#threads li button')].map(button => button.textContent)");
    }

    /** The branch shown: one question with its ‹ n/m › place, and its answer (with its place, if it has siblings). */
    private static void assertBranch(WebDriverWait wait, String question, String questionPlace, String answer,
            @Nullable String answerPlace) {
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.user .text"), question));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.user .position"), questionPlace));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.assistant.done .text"), answer));
        if (answerPlace != null) {
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#messages li.assistant .position"), answerPlace));
        }
        else {
            assertThat(browser.findElements(By.cssSelector("#messages li.assistant .position"))).isEmpty();
        }
        assertThat(browser.findElements(By.cssSelector("#messages li.user"))).as("one branch shown").hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#messages li.assistant"))).hasSize(1);
    }

    /** A committed screenshot must show a rendered page at the desktop size, not a blank or cut one. */
    private static void checkScreenshot(byte[] png, int width) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isGreaterThanOrEqualTo(600);
        assertThat(png.length).as("a PNG with content").isGreaterThan(20_000);
        assertThat(distinctColours(image)).as("a rendered page, not a blank one").isGreaterThan(20);
    }

    @Test
    void aWrongPasswordIsShownAndNothingConnects() {
        openFreshPage();
        browser.findElement(By.id("username")).sendKeys("nobody" + UUID.randomUUID().toString().substring(0, 8));
        browser.findElement(By.id("password")).sendKeys("wrong password");
        browser.findElement(By.id("login")).click();
        wait(10).until(driver ->
                !driver.findElement(By.id("auth-error")).getText().isBlank());
        assertThat(browser.findElement(By.id("auth-error")).getText()).isEqualTo("Wrong username or password");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("disconnected");
    }

    /** The exact CSS viewport, whatever the headless window's size; mobile honours the page's viewport meta tag. */
    private static void viewport(int width, int height, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Each test starts signed out: the page keeps its token and open thread in sessionStorage across loads. */
    private static void openFreshPage() {
        browser.get(harness.httpUrl() + "/");
        browser.executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.get(harness.httpUrl() + "/");
    }

    private static void register(String username) {
        WebElement name = browser.findElement(By.id("username"));
        name.clear();
        name.sendKeys(username);
        WebElement password = browser.findElement(By.id("password"));
        password.clear();
        password.sendKeys("correct horse battery staple");
        browser.findElement(By.id("register")).click();
    }

    private static void assertNoHorizontalOverflow(int width) {
        assertThat(browser.executeScript("return window.innerWidth")).isEqualTo((long) width);
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth"))
                .as("no horizontal overflow").isLessThanOrEqualTo(width);
    }

    private static boolean insideViewport(Rectangle box, int width, int height) {
        return box.getX() >= 0 && box.getY() >= 0 && box.getX() + box.getWidth() <= width
                && box.getY() + box.getHeight() <= height;
    }

    /** The WCAG contrast ratio of an element's text colour against its own, opaque, background colour. */
    private static double contrast(WebElement element) {
        java.awt.Color text = Color.fromString(element.getCssValue("color")).getColor();
        java.awt.Color background = Color.fromString(element.getCssValue("background-color")).getColor();
        assertThat(background.getAlpha()).as("an opaque background of its own").isEqualTo(255);
        double lighter = Math.max(luminance(text), luminance(background));
        double darker = Math.min(luminance(text), luminance(background));
        return (lighter + 0.05) / (darker + 0.05);
    }

    private static double luminance(java.awt.Color colour) {
        return 0.2126 * linear(colour.getRed()) + 0.7152 * linear(colour.getGreen()) + 0.0722 * linear(colour.getBlue());
    }

    private static double linear(int channel) {
        double value = channel / 255.0;
        return value <= 0.04045 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
    }

    private static byte[] screenshot(Path path) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(path.getParent());
        Files.write(path, png);
        return png;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /** Checks every 50 ms rather than WebDriverWait's 500 ms: a page that is ready is seen as ready at once. */
    private static WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }
}
