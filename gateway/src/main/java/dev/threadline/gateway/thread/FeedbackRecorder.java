package dev.threadline.gateway.thread;

import java.time.Instant;

import dev.threadline.gateway.dispatch.RunDispatcher;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.model.event.FeedbackRecorded;
import dev.threadline.model.message.Feedback;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Thumbs up or down on an answer: one rating per message (the thread's owner may change it), then {@code feedback.recorded}. */
@Service
class FeedbackRecorder {

    private static final int MAX_COMMENT_CHARS = 1_000;

    private final ThreadAccess threads;
    private final MessageStore messages;
    private final RunDispatcher dispatcher;

    FeedbackRecorder(ThreadAccess threads, MessageStore messages, RunDispatcher dispatcher) {
        this.threads = threads;
        this.messages = messages;
        this.dispatcher = dispatcher;
    }

    void record(String userId, String threadId, @Nullable String messageId, FeedbackRequest request) {
        threads.requireParticipant(threadId, userId);
        if (!"up".equals(request.rating()) && !"down".equals(request.rating())) {
            throw ThreadlineException.validation("rating must be up or down");
        }
        if (request.comment() != null && request.comment().length() > MAX_COMMENT_CHARS) {
            throw ThreadlineException.validation("comment must be at most " + MAX_COMMENT_CHARS + " characters");
        }
        Message message = messageId == null ? null : messages.find(threadId, messageId).orElse(null);
        if (message == null) {
            throw ThreadlineException.notFound("Message");
        }
        if (message.role() != Role.ASSISTANT) {
            throw ThreadlineException.validation("only assistant messages take feedback");
        }
        messages.setFeedback(message.id(), new Feedback(request.rating(), request.comment()));
        dispatcher.publish(new FeedbackRecorded(threadId, Instant.now(), message.id(), request.rating()));
    }
}
