package dev.threadline.worker.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The demo model's scripted texts. Each starts with {@link #LABEL} and ends with {@link #HINT}, since any
 * of them may be the answer a user reads; a specialist's answer quoted in the orchestrator's loses both.
 */
final class DemoAnswers {

    static final String LABEL = "[Offline demo model: no OPENAI_API_KEY is set, so this text is scripted; "
            + "the specialists it consulted and the tools it called really ran.] ";
    static final String HINT = " Set OPENAI_API_KEY (and optionally OPENAI_BASE_URL for Azure, Ollama or vLLM) "
            + "and restart to get real styling advice.";

    private final JsonMapper json;

    DemoAnswers(JsonMapper json) {
        this.json = json;
    }

    /** An answer that uses every tool output since the user's last turn, in the order the calls were made. */
    String fromToolOutputs(List<ConversationItem> latest) {
        Map<String, String> outputs = new HashMap<>();
        latest.stream().filter(ConversationItem.ToolOutput.class::isInstance).map(ConversationItem.ToolOutput.class::cast)
                .forEach(output -> outputs.put(output.callId(), output.output()));
        List<String> parts = new ArrayList<>();
        latest.stream().filter(ConversationItem.ToolCall.class::isInstance).map(ConversationItem.ToolCall.class::cast)
                .filter(call -> outputs.containsKey(call.callId()))
                .forEach(call -> parts.add(part(call.name(), outputs.get(call.callId()))));
        return LABEL + String.join(" ", parts) + HINT;
    }

    /** An answer without tools: mood advice when the question sounds emotional, else what the demo can show. */
    String direct(boolean emotional) {
        return LABEL + (emotional
                ? "Aim to feel at ease rather than to impress: choose clothes you have worn before and felt good in, "
                        + "a fit you never need to adjust, and one colour that lifts you. Avoid trying anything new on the day."
                : "A real model would now give styling advice. Ask the orchestrator what to wear somewhere, "
                        + "e.g. \"What should I wear in Paris tomorrow?\", to see it consult the wardrobe specialist, "
                        + "which checks the weather and your wardrobe.")
                + HINT;
    }

    private String part(String tool, String output) {
        if (tool.startsWith(DemoScript.ASK_PREFIX)) {
            return "The " + tool.substring(DemoScript.ASK_PREFIX.length()) + " specialist says: " + unlabelled(output);
        }
        JsonNode result = read(output);
        if (!result.isObject() || result.isEmpty()) {
            return tool + " returned: " + shorten(output);
        }
        if (result.has("error")) {
            return tool + " failed (" + result.path("error").asString("") + ").";
        }
        return switch (tool) {
            case DemoScript.GET_WEATHER -> weather(result);
            case DemoScript.SEARCH_WARDROBE -> wardrobe(result);
            default -> tool + " returned: " + shorten(output);
        };
    }

    private static String weather(JsonNode weather) {
        double now = weather.path("temperatureC").asDouble();
        int rain = weather.path("precipitationProbabilityPercent").asInt();
        String source = weather.path("source").asString("");
        return "Weather in " + weather.path("location").asString("") + ": " + figure(now) + " °C now, "
                + figure(weather.path("todayMinC").asDouble()) + " to " + figure(weather.path("todayMaxC").asDouble())
                + " °C today, " + rain + "% chance of rain" + (source.isEmpty() ? "" : "; source: " + source)
                + ". Outfit: " + outfit(weather.path("todayMaxC").asDouble(now)) + (rain >= 50 ? ", and take an umbrella." : ".");
    }

    private static String outfit(double warmest) {
        if (warmest < 5) {
            return "a warm wool coat over a knit jumper, dark trousers, waterproof boots and a scarf";
        }
        if (warmest < 12) {
            return "a knit jumper under a trench coat, straight-leg trousers and leather boots";
        }
        if (warmest < 20) {
            return "a cotton shirt with a light jacket, chinos and clean trainers";
        }
        return "a linen shirt or a light dress, breathable trousers or a skirt, and canvas shoes";
    }

    private static String wardrobe(JsonNode found) {
        List<String> names = found.path("items").valueStream().map(item -> item.path("name").asString("")).toList();
        return names.isEmpty()
                ? "Your wardrobe holds no items yet: add your own clothes (POST /api/wardrobe/items) and they will be suggested."
                : "From your wardrobe: " + String.join(", ", names) + ".";
    }

    /** A temperature as the tool gave it, without a trailing ".0". */
    static String figure(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String unlabelled(String answer) {
        String text = answer.startsWith(LABEL) ? answer.substring(LABEL.length()) : answer;
        return text.endsWith(HINT) ? text.substring(0, text.length() - HINT.length()) : text;
    }

    private JsonNode read(String output) {
        try {
            return json.readTree(output);
        }
        catch (JacksonException ex) {
            return MissingNode.getInstance();
        }
    }
}
