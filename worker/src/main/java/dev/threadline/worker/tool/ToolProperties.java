package dev.threadline.worker.tool;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param weatherBaseUrl {@code WEATHER_BASE_URL}: an Open-Meteo-compatible forecast API ({@code /v1/forecast})
 * @param geocodingBaseUrl an Open-Meteo-compatible geocoding API ({@code /v1/search})
 * @param timeout connect and read timeout of each weather request
 * @param maxWardrobeResults the most items {@code search_wardrobe} returns
 */
@ConfigurationProperties("threadline.tools")
record ToolProperties(@DefaultValue("https://api.open-meteo.com") String weatherBaseUrl,
        @DefaultValue("https://geocoding-api.open-meteo.com") String geocodingBaseUrl,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("20") int maxWardrobeResults) {
}
