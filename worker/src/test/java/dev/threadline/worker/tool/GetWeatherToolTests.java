package dev.threadline.worker.tool;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.threadline.testing.FakeWeatherServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

/** {@code get_weather} against a local Open-Meteo stand-in, and against a port where nothing listens. */
class GetWeatherToolTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Clock JANUARY = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);
    private static final ToolContext CONTEXT = new ToolContext("alice", "thread-1");

    private final FakeWeatherServer weather = new FakeWeatherServer();

    @AfterEach
    void stop() {
        weather.close();
    }

    @Test
    void aReachableServiceAnswersWithItsForecastAlsoInTheOfflineDemo() {
        Object result = tool(weather.baseUrl(), true).execute(CONTEXT, JSON.readTree("{\"location\":\"Oslo\"}"));

        assertThat(result).asInstanceOf(MAP)
                .containsEntry("location", "Oslo, Norway").containsEntry("temperatureC", 4.2)
                .doesNotContainKey("source");
    }

    @Test
    void anUnreachableServiceIsAnErrorWithARealModel() {
        GetWeatherTool tool = tool(unreachable(), false);

        assertThatExceptionOfType(ToolException.class)
                .isThrownBy(() -> tool.execute(CONTEXT, JSON.readTree("{\"location\":\"Paris\"}")))
                .withMessageStartingWith("The weather service is unreachable");
    }

    @Test
    void anUnreachableServiceIsAnsweredWithALabelledEstimateInTheOfflineDemo() {
        Object result = tool(unreachable(), true).execute(CONTEXT, JSON.readTree("{\"location\":\"Paris\"}"));

        assertThat(result).isEqualTo(OfflineWeather.estimate("Paris", Month.JANUARY));
        assertThat(result).asInstanceOf(MAP)
                .containsEntry("location", "Paris")
                .containsEntry("source", "offline estimate (weather service unreachable)")
                .containsKeys("temperatureC", "todayMinC", "todayMaxC", "precipitationProbabilityPercent");
    }

    @Test
    void aServiceThatAnswersWithAnErrorStaysAnErrorEvenInTheOfflineDemo() {
        weather.failWith500(true);
        GetWeatherTool tool = tool(weather.baseUrl(), true);

        assertThatExceptionOfType(ToolException.class)
                .isThrownBy(() -> tool.execute(CONTEXT, JSON.readTree("{\"location\":\"Oslo\"}")))
                .withMessageContaining("HTTP 500");
    }

    @Test
    void anEstimateIsTheSameForTheSamePlaceAndMonthAndWarmerInSummer() {
        Map<String, Object> january = OfflineWeather.estimate("Paris", Month.JANUARY);

        assertThat(OfflineWeather.estimate("Paris", Month.JANUARY)).isEqualTo(january);
        assertThat((double) OfflineWeather.estimate("Paris", Month.JULY).get("temperatureC"))
                .isGreaterThan((double) january.get("temperatureC"));
    }

    @Test
    void anInterruptedLookupStopsAtOnceWithoutAnEstimateWhateverItsTimeout() throws Exception {
        weather.hang(true);
        GetWeatherTool tool = new GetWeatherTool(new ToolProperties(weather.baseUrl(), weather.baseUrl(),
                Duration.ofSeconds(30), 20), JSON, true, JANUARY);
        CompletableFuture<Object> lookup = new CompletableFuture<>();
        Thread caller = Thread.startVirtualThread(() -> {
            try {
                lookup.complete(tool.execute(CONTEXT, JSON.readTree("{\"location\":\"Oslo\"}")));
            }
            catch (RuntimeException ex) {
                lookup.completeExceptionally(ex);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> weather.requests().size() == 1);

        caller.interrupt();

        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> lookup.get(1, TimeUnit.SECONDS))
                .havingCause().isInstanceOf(ToolException.class).withMessageContaining("interrupted");
    }

    private static GetWeatherTool tool(String baseUrl, boolean offlineDemo) {
        return new GetWeatherTool(new ToolProperties(baseUrl, baseUrl, Duration.ofSeconds(2), 20), JSON, offlineDemo,
                JANUARY);
    }

    /** A local port nobody listens on: connecting is refused at once. */
    private static String unreachable() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
