package dev.threadline.worker.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the demo model does with a request, decided from what a real model sees: with tool outputs since
 * the user's last turn it answers from them; offered {@code ask_*} tools it consults the specialists
 * (the wardrobe, and the psychologist when the question sounds emotional); offered the wardrobe's tools
 * it looks up the weather and the user's wardrobe; otherwise it answers directly.
 */
final class DemoScript {

    static final String ASK_PREFIX = "ask_";
    static final String ASK_WARDROBE = "ask_wardrobe";
    static final String ASK_PSYCHOLOGIST = "ask_psychologist";
    static final String GET_WEATHER = "get_weather";
    static final String SEARCH_WARDROBE = "search_wardrobe";
    static final String DEFAULT_CITY = "London";

    private static final Pattern EMOTIONAL = Pattern.compile("\\b(nervous|anxious|anxiety|confiden\\w*|insecure|"
            + "self-conscious|mood\\w*|feel\\w*|sad|stress\\w*|shy|worr\\w*|scared|afraid|upset|interview\\w*|"
            + "dates?|wedding\\w*|funeral|first day)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACE = Pattern.compile(
            "\\b(?:in|at|to|for|around|visiting|near)\\s+(\\p{Lu}[\\p{L}'-]*(?:\\s+\\p{Lu}[\\p{L}'-]*){0,2})");
    private static final Set<String> NOT_PLACES = Set.of("I", "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday",
            "Thursday", "Friday", "Saturday", "Sunday", "Christmas", "Easter");

    private final JsonMapper json;
    private final DemoAnswers answers;

    DemoScript(JsonMapper json) {
        this.json = json;
        this.answers = new DemoAnswers(json);
    }

    /** This request's turn: tool calls, or the text of an answer. */
    Turn next(ModelRequest request) {
        List<ConversationItem> latest = sinceLastUserTurn(request.items());
        List<String> offered = request.tools().stream().map(ToolSpec::name).toList();
        String question = request.lastUserText().strip();
        if (latest.stream().anyMatch(ConversationItem.ToolOutput.class::isInstance)) {
            return Turn.ofText(answers.fromToolOutputs(latest));
        }
        if (offered.stream().anyMatch(name -> name.startsWith(ASK_PREFIX))) {
            return Turn.ofCalls(consultations(question, offered));
        }
        if (offered.contains(GET_WEATHER) || offered.contains(SEARCH_WARDROBE)) {
            return Turn.ofCalls(lookups(question, offered));
        }
        return Turn.ofText(answers.direct(emotional(question)));
    }

    private List<ConversationItem.ToolCall> consultations(String question, List<String> offered) {
        List<ConversationItem.ToolCall> calls = new ArrayList<>();
        String quoted = DemoAnswers.shorten(question);
        if (offered.contains(ASK_WARDROBE)) {
            calls.add(call(ASK_WARDROBE, Map.of("question", "What should the user wear? They asked: \"" + quoted + "\"")));
        }
        if (offered.contains(ASK_PSYCHOLOGIST) && (emotional(question) || calls.isEmpty())) {
            calls.add(call(ASK_PSYCHOLOGIST, Map.of("question",
                    "What does the user need to feel, and what should their clothes signal? They asked: \"" + quoted + "\"")));
        }
        if (calls.isEmpty()) {
            String first = offered.stream().filter(name -> name.startsWith(ASK_PREFIX)).findFirst().orElseThrow();
            calls.add(call(first, Map.of("question", "The user asked: \"" + quoted + "\"")));
        }
        return calls;
    }

    private List<ConversationItem.ToolCall> lookups(String question, List<String> offered) {
        List<ConversationItem.ToolCall> calls = new ArrayList<>();
        if (offered.contains(GET_WEATHER)) {
            calls.add(call(GET_WEATHER, Map.of("location", city(question))));
        }
        if (offered.contains(SEARCH_WARDROBE)) {
            calls.add(call(SEARCH_WARDROBE, Map.of("query", "")));
        }
        return calls;
    }

    /** The first capitalised place after "in", "at", "to"...; {@value #DEFAULT_CITY} when none is obvious. */
    static String city(String text) {
        Matcher matcher = PLACE.matcher(text);
        while (matcher.find()) {
            if (!NOT_PLACES.contains(matcher.group(1).split("\\s+")[0])) {
                return matcher.group(1);
            }
        }
        return DEFAULT_CITY;
    }

    static boolean emotional(String text) {
        return EMOTIONAL.matcher(text).find();
    }

    private ConversationItem.ToolCall call(String tool, Map<String, Object> arguments) {
        String id = "call_demo_" + UUID.randomUUID().toString().substring(0, 8);
        return new ConversationItem.ToolCall(id, tool, json.writeValueAsString(arguments));
    }

    private static List<ConversationItem> sinceLastUserTurn(List<ConversationItem> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (items.get(i) instanceof ConversationItem.UserText) {
                return items.subList(i + 1, items.size());
            }
        }
        return items;
    }

    /** Either tool calls or an answer's text. */
    record Turn(List<ConversationItem.ToolCall> calls, String text) {

        static Turn ofCalls(List<ConversationItem.ToolCall> calls) {
            return new Turn(List.copyOf(calls), "");
        }

        static Turn ofText(String text) {
            return new Turn(List.of(), text);
        }
    }
}
