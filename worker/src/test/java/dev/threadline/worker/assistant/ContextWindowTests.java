package dev.threadline.worker.assistant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.threadline.worker.model.ConversationItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContextWindowTests {

    private static final String INSTRUCTIONS = "You are a stylist. ".repeat(20);

    private final ContextWindow window = new ContextWindow(new ContextProperties(1_000, Map.of("big-model", 1_000_000), 765));

    @Test
    void aLongHistoryIsCutFromTheOldestEndToFitTheBudget() {
        List<ConversationItem> items = history(200);
        items.add(new ConversationItem.UserText("What now?"));

        List<ConversationItem> fitted = window.fit("gpt-4.1-mini", INSTRUCTIONS, items).items();

        assertThat(window.tokens(INSTRUCTIONS, fitted)).isLessThanOrEqualTo(1_000);
        assertThat(fitted.getLast()).isEqualTo(new ConversationItem.UserText("What now?"));
        assertThat(fitted.getFirst()).isInstanceOf(ConversationItem.UserText.class);
        assertThat(fitted.size()).isGreaterThan(4).isLessThan(items.size());
        assertThat(items).endsWith(fitted.toArray(ConversationItem[]::new));
    }

    @Test
    void theCurrentMessageAndThisRunsToolRoundsAreKeptEvenOverBudget() {
        List<ConversationItem> items = history(10);
        ConversationItem.UserText current = new ConversationItem.UserText("long ".repeat(2_000));
        ConversationItem.ToolCall call = new ConversationItem.ToolCall("c1", "get_weather", "{\"location\":\"Oslo\"}");
        ConversationItem.ToolOutput output = new ConversationItem.ToolOutput("c1", "{\"temperatureC\":4}");
        items.addAll(List.of(current, call, output));

        assertThat(window.fit("gpt-4.1-mini", INSTRUCTIONS, items).items()).containsExactly(current, call, output);
    }

    @Test
    void theFitSaysWhatWasSentTheBudgetAndHowManyEarlierTurnsWereLeftOut() {
        List<ConversationItem> items = history(200);
        items.add(new ConversationItem.UserText("What now?"));

        ContextWindow.Fitted fitted = window.fit("gpt-4.1-mini", INSTRUCTIONS, items);

        long keptTurns = fitted.items().stream().filter(ConversationItem.UserText.class::isInstance).count();
        assertThat(fitted.tokens()).isEqualTo(window.tokens(INSTRUCTIONS, fitted.items()));
        assertThat(fitted.limit()).isEqualTo(1_000);
        assertThat(fitted.droppedTurns()).isEqualTo(201 - keptTurns).isPositive();
        assertThat(window.fit("big-model", INSTRUCTIONS, items).droppedTurns()).isZero();
    }

    @Test
    void budgetsArePerModel() {
        List<ConversationItem> items = history(200);
        items.add(new ConversationItem.UserText("What now?"));

        assertThat(window.fit("big-model", INSTRUCTIONS, items).items()).isEqualTo(items);
    }

    private static List<ConversationItem> history(int turns) {
        List<ConversationItem> items = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            items.add(new ConversationItem.UserText("Question " + i + ": what goes with a grey suit?"));
            items.add(new ConversationItem.AssistantText("Answer " + i + ": a white shirt and brown shoes, always."));
        }
        return items;
    }
}
