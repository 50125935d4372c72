package dev.threadline.worker.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * The model when no {@code OPENAI_API_KEY} is set, so the local mode shows the whole flow with nothing but
 * a JDK: it decides from what a real model sees (the tools offered, the conversation, the tool outputs)
 * and the real orchestrator then consults the specialists and runs the tools it asks for. Its tool calls
 * come at once; its text is scripted, labelled as such, and streams word by word at a human pace. A
 * cancel interrupts the pause between words, so the run stops at once.
 */
final class DemoModel implements ChatModel {

    private static final Pattern WORDS = Pattern.compile("\\S+\\s*|\\s+");

    private final DemoScript script;
    private final Duration tokenInterval;

    DemoModel(Duration tokenInterval, JsonMapper json) {
        this.script = new DemoScript(json);
        this.tokenInterval = tokenInterval;
    }

    @Override
    public ModelResult stream(ModelRequest request, Consumer<String> onText, Cancellation cancellation) {
        long inputTokens = estimatedTokens(request.instructions()) + request.tools().size() * 60L
                + request.items().stream().mapToLong(DemoModel::estimatedTokens).sum();
        long cachedTokens = cachedTokens(request, inputTokens);
        if (cancellation.isCancelled()) {
            return new ModelResult("", List.of(), inputTokens, 0, cachedTokens);
        }
        DemoScript.Turn turn = script.next(request);
        if (!turn.calls().isEmpty()) {
            return new ModelResult("", turn.calls(), inputTokens, turn.calls().size() * 10L, cachedTokens);
        }
        List<String> tokens = tokens(turn.text());
        return new ModelResult(write(tokens, onText, cancellation), List.of(), inputTokens, tokens.size(), cachedTokens);
    }

    /** About four characters a token, plus a few for the item's framing. */
    private static long estimatedTokens(ConversationItem item) {
        return 4 + switch (item) {
            case ConversationItem.UserText user -> estimatedTokens(user.text()) + user.imageUrls().size() * 765L;
            case ConversationItem.AssistantText assistant -> estimatedTokens(assistant.text());
            case ConversationItem.ToolCall call -> estimatedTokens(call.name() + call.argumentsJson());
            case ConversationItem.ToolOutput output -> estimatedTokens(output.output());
        };
    }

    private static long estimatedTokens(String text) {
        return (text.length() + 3) / 4;
    }

    /**
     * As a provider's prompt cache would serve it: from 1024 input tokens on, everything before the last
     * item (sent already by the call before) in steps of 128 tokens.
     */
    private static long cachedTokens(ModelRequest request, long inputTokens) {
        if (inputTokens < 1024 || request.items().isEmpty()) {
            return 0;
        }
        long prefix = inputTokens - estimatedTokens(request.items().getLast());
        return prefix / 128 * 128;
    }

    private String write(List<String> tokens, Consumer<String> onText, Cancellation cancellation) {
        StringBuilder text = new StringBuilder();
        Cancellation.Registration pausing = cancellation.watch(() -> { });
        boolean interrupted = false;
        try {
            for (int i = 0; i < tokens.size(); i++) {
                interrupted = interrupted || (i > 0 && !pause());
                if (cancellation.isCancelled()) {
                    break;
                }
                text.append(tokens.get(i));
                onText.accept(tokens.get(i));
            }
        }
        finally {
            cancellation.release(pausing);
            if (interrupted && !cancellation.isCancelled()) {
                Thread.currentThread().interrupt();
            }
        }
        return text.toString();
    }

    private static List<String> tokens(String text) {
        Matcher matcher = WORDS.matcher(text);
        List<String> tokens = new ArrayList<>();
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    /** False when interrupted (a cancel interrupts the pause); the rest is then written without pausing. */
    private boolean pause() {
        if (tokenInterval.isZero()) {
            return true;
        }
        try {
            Thread.sleep(tokenInterval);
            return true;
        }
        catch (InterruptedException ex) {
            return false;
        }
    }
}
