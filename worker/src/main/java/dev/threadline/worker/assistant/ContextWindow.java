package dev.threadline.worker.assistant;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.threadline.worker.model.ConversationItem;
import org.springframework.stereotype.Component;

/**
 * Fits a conversation into a model's input budget, counting tokens with the o200k encoding of current
 * OpenAI models. The system instructions and everything from the current user message on (this run's
 * tool calls and results included) are always kept; the oldest earlier turns are dropped first.
 */
@Component
class ContextWindow {

    private static final int ITEM_OVERHEAD = 4;

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private final ContextProperties properties;

    public ContextWindow(ContextProperties properties) {
        this.properties = properties;
    }

    /** The items to send, and what they come to: the tokens sent, the model's budget and the earlier user turns left out. */
    public Fitted fit(String model, String instructions, List<ConversationItem> items) {
        int current = lastUserTurn(items);
        int used = tokens(instructions);
        for (int i = Math.max(current, 0); i < items.size(); i++) {
            used += tokens(items.get(i));
        }
        int budget = properties.budget(model);
        Deque<ConversationItem> kept = new ArrayDeque<>(items.subList(Math.max(current, 0), items.size()));
        for (int i = current - 1; i >= 0; i--) {
            int cost = tokens(items.get(i));
            if (used + cost > budget) {
                break;
            }
            used += cost;
            kept.addFirst(items.get(i));
        }
        while (!kept.isEmpty() && !(kept.peekFirst() instanceof ConversationItem.UserText)
                && kept.size() > items.size() - Math.max(current, 0)) {
            used -= tokens(kept.removeFirst());
        }
        int earlierTurns = userTurns(items.subList(0, Math.max(current, 0)));
        int keptTurns = userTurns(List.copyOf(kept).subList(0, kept.size() - (items.size() - Math.max(current, 0))));
        return new Fitted(List.copyOf(kept), used, budget, earlierTurns - keptTurns);
    }

    private static int userTurns(List<ConversationItem> items) {
        return (int) items.stream().filter(ConversationItem.UserText.class::isInstance).count();
    }

    /** The token count of a whole request: instructions and items. */
    public int tokens(String instructions, List<ConversationItem> items) {
        return tokens(instructions) + items.stream().mapToInt(this::tokens).sum();
    }

    int tokens(ConversationItem item) {
        return ITEM_OVERHEAD + switch (item) {
            case ConversationItem.UserText user -> tokens(user.text()) + user.imageUrls().size() * properties.imageTokens();
            case ConversationItem.AssistantText assistant -> tokens(assistant.text());
            case ConversationItem.ToolCall call -> tokens(call.name()) + tokens(call.argumentsJson());
            case ConversationItem.ToolOutput output -> tokens(output.output());
        };
    }

    private int tokens(String text) {
        return encoding.countTokensOrdinary(text);
    }

    /** A conversation as fitted: the items kept, the tokens of the request, the model's budget, the earlier user turns dropped. */
    public record Fitted(List<ConversationItem> items, int tokens, int limit, int droppedTurns) {
    }

    private static int lastUserTurn(List<ConversationItem> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (items.get(i) instanceof ConversationItem.UserText) {
                return i;
            }
        }
        return -1;
    }
}
