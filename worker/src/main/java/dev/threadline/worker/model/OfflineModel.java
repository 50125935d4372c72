package dev.threadline.worker.model;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers when no {@code OPENAI_API_KEY} is set, so the local mode works with nothing but a JDK. Its
 * answer says plainly that it is canned, and streams word by word like a real model. It never calls
 * tools, so with it the orchestrator answers without consulting the specialists.
 */
final class OfflineModel implements ChatModel {

    private static final Pattern WORDS = Pattern.compile("\\S+\\s*|\\s+");

    private final Duration tokenInterval;

    public OfflineModel(Duration tokenInterval) {
        this.tokenInterval = tokenInterval;
    }

    @Override
    public ModelResult stream(ModelRequest request, Consumer<String> onText, Cancellation cancellation) {
        String answer = answer(request);
        StringBuilder text = new StringBuilder();
        List<String> tokens = tokens(answer);
        for (String token : tokens) {
            if (cancellation.isCancelled()) {
                break;
            }
            pause();
            text.append(token);
            onText.accept(token);
        }
        return new ModelResult(text.toString(), request.items().size() * 20L, tokens.size());
    }

    static String answer(ModelRequest request) {
        String question = request.lastUserText().strip();
        if (question.length() > 200) {
            question = question.substring(0, 200) + "...";
        }
        return "[Offline model: no OPENAI_API_KEY is set, so this is a canned answer.] You asked: \"" + question
                + "\". A real model would now give styling advice. Set OPENAI_API_KEY (and optionally "
                + "OPENAI_BASE_URL for Azure, Ollama or vLLM) and restart to talk to one.";
    }

    private static List<String> tokens(String text) {
        Matcher matcher = WORDS.matcher(text);
        java.util.ArrayList<String> tokens = new java.util.ArrayList<>();
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    private void pause() {
        if (tokenInterval.isZero()) {
            return;
        }
        try {
            Thread.sleep(tokenInterval);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
