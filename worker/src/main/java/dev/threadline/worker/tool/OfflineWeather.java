package dev.threadline.worker.tool;

import java.time.Month;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plausible, clearly labelled stand-in for {@code get_weather} when the weather service cannot be
 * reached in the offline demo: a typical temperate day for the month, varied a little per place, and
 * always the same for the same place and month. It has the real result's members plus {@code source}.
 */
final class OfflineWeather {

    static final String SOURCE = "offline estimate (weather service unreachable)";

    private static final int[] TYPICAL_DAY_C = {4, 5, 8, 11, 15, 18, 20, 20, 17, 13, 8, 5};

    private OfflineWeather() {
    }

    static Map<String, Object> estimate(String location, Month month) {
        int variation = Math.floorMod(location.toLowerCase(java.util.Locale.ROOT).hashCode(), 7);
        int typical = TYPICAL_DAY_C[month.ordinal()] + variation - 3;
        int rainChance = 10 + 10 * Math.floorMod(location.length() + month.getValue(), 7);
        Map<String, Object> weather = new LinkedHashMap<>();
        weather.put("location", location);
        weather.put("temperatureC", (double) typical);
        weather.put("precipitationMm", rainChance >= 50 ? 0.4 : 0.0);
        weather.put("windKmh", (double) (8 + 3 * variation));
        weather.put("todayMinC", (double) (typical - 4));
        weather.put("todayMaxC", (double) (typical + 3));
        weather.put("precipitationProbabilityPercent", rainChance);
        weather.put("source", SOURCE);
        return weather;
    }
}
