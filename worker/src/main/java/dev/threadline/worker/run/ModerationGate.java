package dev.threadline.worker.run;

import java.util.List;

import dev.threadline.model.event.RunError;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.worker.model.InputModeration;
import dev.threadline.worker.model.ModelException;
import dev.threadline.worker.store.ConversationStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Checks a run's user message before any model sees it, and keeps the verdict when it stops the run. */
@Component
class ModerationGate {

    private static final Logger log = LoggerFactory.getLogger(ModerationGate.class);

    private final InputModeration moderation;
    private final ConversationStore store;

    ModerationGate(InputModeration moderation, ConversationStore store) {
        this.moderation = moderation;
        this.store = store;
    }

    /** The error that ends the run when moderation flags its user message (the last of the history), or null. */
    @Nullable RunError check(Run run, List<Message> history) {
        if (history.isEmpty()) {
            return null;
        }
        try {
            List<String> categories = moderation.flaggedCategories(history.getLast().content());
            if (categories.isEmpty()) {
                return null;
            }
            log.info("Run {}: the user message was flagged by moderation ({})", run.id(), categories);
            store.recordFlagged(run, categories);
            return new RunError("content_flagged", "The message was flagged by moderation: "
                    + String.join(", ", categories), false);
        }
        catch (ModelException ex) {
            return new RunError(ex.code(), "Moderation failed: " + ex.getMessage(), ex.retryable());
        }
    }
}
