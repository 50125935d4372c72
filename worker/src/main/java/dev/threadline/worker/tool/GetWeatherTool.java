package dev.threadline.worker.tool;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.threadline.worker.model.ModelProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code get_weather}: geocodes a place and reads its current weather and today's forecast from Open-Meteo.
 * In the offline demo (no model key) an unreachable service is answered with a labelled
 * {@link OfflineWeather} estimate, since the answer is scripted too; with a real model it stays an error,
 * so no model presents an estimate as a forecast.
 */
@Component
class GetWeatherTool implements Tool {

    private final ToolProperties properties;
    private final JsonMapper json;
    private final HttpClient http;
    private final boolean estimateWhenUnreachable;
    private final Clock clock;

    @Autowired
    GetWeatherTool(ToolProperties properties, JsonMapper json, ModelProperties model) {
        this(properties, json, model.offline(), Clock.systemUTC());
    }

    GetWeatherTool(ToolProperties properties, JsonMapper json, boolean estimateWhenUnreachable, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        this.estimateWhenUnreachable = estimateWhenUnreachable;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "get_weather";
    }

    @Override
    public String description() {
        return "Current weather and today's forecast for a place (city, optionally with country).";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("type", "object", "properties",
                Map.of("location", Map.of("type", "string", "description", "City name, e.g. 'Oslo' or 'Paris, France'")),
                "required", List.of("location"), "additionalProperties", false);
    }

    @Override
    public Object execute(ToolContext context, JsonNode arguments) {
        String location = arguments.path("location").asString("").strip();
        if (location.isEmpty() || location.length() > 100) {
            throw new ToolException("location must be a place name of 1 to 100 characters");
        }
        try {
            return lookUp(location);
        }
        catch (UnreachableException ex) {
            if (!estimateWhenUnreachable) {
                throw ex;
            }
            return OfflineWeather.estimate(location, LocalDate.now(clock).getMonth());
        }
    }

    private Map<String, Object> lookUp(String location) {
        JsonNode place = get(properties.geocodingBaseUrl() + "/v1/search?count=1&format=json&name="
                + encode(location.split(",")[0].strip())).path("results").path(0);
        if (place.isMissingNode()) {
            throw new ToolException("No place called '" + location + "' was found");
        }
        JsonNode forecast = get(properties.weatherBaseUrl() + "/v1/forecast?latitude=" + place.path("latitude").asDouble()
                + "&longitude=" + place.path("longitude").asDouble()
                + "&current=temperature_2m,precipitation,wind_speed_10m,weather_code"
                + "&daily=temperature_2m_max,temperature_2m_min,precipitation_probability_max&timezone=auto&forecast_days=1");
        Map<String, Object> weather = new LinkedHashMap<>();
        weather.put("location", place.path("name").asString(location) + ", " + place.path("country").asString(""));
        weather.put("temperatureC", forecast.path("current").path("temperature_2m").asDouble());
        weather.put("precipitationMm", forecast.path("current").path("precipitation").asDouble());
        weather.put("windKmh", forecast.path("current").path("wind_speed_10m").asDouble());
        weather.put("todayMinC", forecast.path("daily").path("temperature_2m_min").path(0).asDouble());
        weather.put("todayMaxC", forecast.path("daily").path("temperature_2m_max").path(0).asDouble());
        weather.put("precipitationProbabilityPercent",
                forecast.path("daily").path("precipitation_probability_max").path(0).asInt());
        return weather;
    }

    private JsonNode get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(properties.timeout())
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ToolException("The weather service answered HTTP " + response.statusCode());
            }
            return json.readTree(response.body());
        }
        catch (IOException ex) {
            throw new UnreachableException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ToolException("The weather lookup was interrupted", ex);
        }
        catch (tools.jackson.core.JacksonException ex) {
            throw new ToolException("The weather service sent an unreadable answer", ex);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** No connection to the weather service (as opposed to an answer that reports a failure). */
    private static final class UnreachableException extends ToolException {

        UnreachableException(IOException cause) {
            super("The weather service is unreachable: " + cause.getClass().getSimpleName(), cause);
        }
    }
}
