package dev.threadline.standalone;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import javax.imageio.ImageIO;

import dev.threadline.testing.FakeReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page in headless Chromium (Debian's chromium and chromedriver): register and log in, start a
 * conversation, watch the answer stream with the consulted specialist shown, rate it, and leave a
 * screenshot in {@code standalone/target/screenshots/demo-page.png}. Where no Chromium is installed the
 * test is skipped with the reason, unless {@code THREADLINE_REQUIRE_BROWSER=true} (set by CI) makes that a failure.
 */
class DemoPageBrowserTests {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOT = Path.of("target", "screenshots", "demo-page.png");

    private static DistributedHarness harness;
    private static WebDriver browser;

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
        browser.get(harness.httpUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.findElement(By.id("username")).sendKeys("demo" + UUID.randomUUID().toString().substring(0, 8));
        browser.findElement(By.id("password")).sendKeys("correct horse battery staple");
        browser.findElement(By.id("register")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "connected"));

        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-thread"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("content")))
                .sendKeys("What should I wear to a job interview?");
        browser.findElement(By.id("send")).click();

        WebElement answer = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#messages li.assistant.done .text")));
        wait.until(ExpectedConditions.textToBePresentInElement(answer, "Wear your navy blazer with grey trousers."));
        assertThat(answer.getText()).isEqualTo("Wear your navy blazer with grey trousers.");
        assertThat(browser.findElement(By.cssSelector("#messages li.user")).getText())
                .isEqualTo("What should I wear to a job interview?");
        assertThat(browser.findElement(By.cssSelector("#messages li.note.consulted")).getText())
                .isEqualTo("orchestrator asked wardrobe: What fits an interview?");
        assertThat(browser.findElements(By.cssSelector("#threads li"))).hasSize(1);

        browser.findElement(By.cssSelector("#messages li.assistant .rate-up")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#messages li.assistant .rate-up.chosen")));

        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(600);
        assertThat(distinctColours(image)).as("a rendered page, not a blank one").isGreaterThan(20);
    }

    @Test
    void aWrongPasswordIsShownAndNothingConnects() {
        browser.get(harness.httpUrl() + "/");
        browser.findElement(By.id("username")).sendKeys("nobody" + UUID.randomUUID().toString().substring(0, 8));
        browser.findElement(By.id("password")).sendKeys("wrong password");
        browser.findElement(By.id("login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver ->
                !driver.findElement(By.id("error")).getText().isBlank());
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("disconnected");
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
}
