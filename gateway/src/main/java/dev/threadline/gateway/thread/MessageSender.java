package dev.threadline.gateway.thread;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import dev.threadline.common.run.RunLifecycle;
import dev.threadline.gateway.assistant.ModelsProperties;
import dev.threadline.gateway.dispatch.RunBacklog;
import dev.threadline.gateway.dispatch.RunDispatcher;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.common.Ids;
import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.model.event.MessageCreated;
import dev.threadline.model.event.RunQueued;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.Role;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.common.search.SearchIndex;
import dev.threadline.common.tree.ConversationTree;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * Accepts a user message (REST or STOMP): validates it, stores it, creates its run and dispatches the
 * run request with publisher confirms. A {@code clientMessageId} makes the send idempotent: the ids are
 * derived from it, so a replay finds the stored message and answers with the same ids. Edits and
 * regenerates (PROTOCOL.md §10) are sends placed elsewhere in the thread's tree: an edit follows the
 * edited message's parent, a regenerate answers an earlier user message again.
 */
@Service
class MessageSender {

    private final ThreadAccess threads;
    private final MessageStore messages;
    private final RunLifecycle runs;
    private final ConversationTree tree;
    private final RunDispatcher dispatcher;
    private final RunBacklog backlog;
    private final MessageLimits limits;
    private final SendLimits sendLimits;
    private final AssistantCatalog assistants;
    private final ModelsProperties models;
    private final SearchIndex search;

    MessageSender(ThreadAccess threads, MessageStore messages, RunLifecycle runs, ConversationTree tree,
            RunDispatcher dispatcher, RunBacklog backlog, MessageLimits limits, SendLimits sendLimits,
            AssistantCatalog assistants, ModelsProperties models, SearchIndex search) {
        this.search = search;
        this.threads = threads;
        this.messages = messages;
        this.runs = runs;
        this.tree = tree;
        this.dispatcher = dispatcher;
        this.backlog = backlog;
        this.limits = limits;
        this.sendLimits = sendLimits;
        this.assistants = assistants;
        this.models = models;
    }

    SendResult send(String userId, String threadId, SendMessageRequest request) {
        validate(request);
        threads.checkParticipant(threadId, userId);
        String parentId = request.parentId();
        if (parentId == null) {
            return accept(userId, threadId, request, Placement.FOLLOW_LEAF);
        }
        if (messages.find(threadId, parentId).isEmpty()) {
            throw ThreadlineException.validation("parentId must be the id of a message of this thread");
        }
        return accept(userId, threadId, request, new Placement(false, parentId));
    }

    /** A new user message beside {@code messageId} (same parent), answered; the thread's branch moves to it. */
    SendResult edit(String userId, String threadId, String messageId, SendMessageRequest request) {
        validate(request);
        if (request.parentId() != null) {
            throw ThreadlineException.validation("an edit follows the parent of the message it edits: leave parentId out");
        }
        adoptIfLegacy(threads.requireParticipant(threadId, userId));
        Message edited = messages.find(threadId, messageId).orElseThrow(() -> ThreadlineException.notFound("Message"));
        if (edited.role() != Role.USER) {
            throw ThreadlineException.validation("only user messages can be edited; regenerate an answer instead");
        }
        return accept(userId, threadId, request, new Placement(false, edited.parentId()));
    }

    /** A new run answering the user message that {@code messageId} answered; its answer becomes a sibling of it. */
    String regenerate(String userId, String threadId, String messageId, RegenerateRequest request) {
        validateChoices(request.assistant(), request.model(), request.temperature());
        threads.checkParticipant(threadId, userId);
        Message answer = messages.find(threadId, messageId).orElseThrow(() -> ThreadlineException.notFound("Message"));
        if (answer.role() != Role.ASSISTANT || answer.runId() == null) {
            throw ThreadlineException.validation("only answers can be regenerated; edit a user message instead");
        }
        Run answered = runs.find(threadId, answer.runId()).orElseThrow(() -> ThreadlineException.notFound("Message"));
        sendLimits.check(userId);
        String runId = Ids.newId();
        RunLifecycle.Reservation reservation = runs.reserve(threadId, userId, runId, Ids.newId())
                .orElseThrow(() -> ThreadlineException.notFound("Thread"));
        Instant now = Instant.now();
        Run run = runs.enqueue(Run.queued(runId, threadId, userId, reservation.order(), answered.userMessageId(),
                reservation.plannedAnswerId(),
                StringUtils.hasText(request.assistant()) ? request.assistant() : answered.assistant(),
                request.model() != null ? request.model() : answered.model(),
                request.temperature() != null ? request.temperature() : answered.temperature(), now));
        try {
            dispatcher.dispatch(List.of(new RunQueued(threadId, now, runId, answered.userMessageId(),
                    runsAhead(reservation))), run.toRequest());
        }
        catch (ThreadlineException notAccepted) {
            runs.withdraw(run, reservation.before().currentLeafId());
            throw notAccepted;
        }
        return runId;
    }

    private SendResult accept(String userId, String threadId, SendMessageRequest request, Placement placement) {
        String clientMessageId = request.clientMessageId();
        String messageId = clientMessageId == null ? Ids.newId() : derivedId("message", threadId, clientMessageId);
        String runId = clientMessageId == null ? Ids.newId() : derivedId("run", threadId, clientMessageId);
        if (clientMessageId != null && messages.find(threadId, messageId).isPresent()) {
            return replay(userId, threadId, messageId, runId);
        }
        sendLimits.check(userId);
        RunLifecycle.Reservation reservation = runs.reserve(threadId, userId, runId, Ids.newId())
                .orElseThrow(() -> ThreadlineException.notFound("Thread"));
        String tip = adoptIfLegacy(reservation.before());
        Instant now = Instant.now();
        Message message = Message.user(messageId, threadId, placement.followLeaf() ? tip : placement.parentId(), userId,
                request.content(), now, runId, request.attachments(), clientMessageId);
        try {
            messages.insert(message);
        }
        catch (DuplicateKeyException sentTwiceAtOnce) {
            return replay(userId, threadId, messageId, runId);
        }
        String assistant = StringUtils.hasText(request.assistant()) ? request.assistant()
                : reservation.before().assistant();
        Run run = runs.enqueue(Run.queued(runId, threadId, userId, reservation.order(), messageId,
                reservation.plannedAnswerId(), assistant, request.model(), request.temperature(), now));
        try {
            dispatcher.dispatch(List.of(MessageCreated.ofUserMessage(message, now),
                    new RunQueued(threadId, now, runId, messageId, runsAhead(reservation))), run.toRequest());
        }
        catch (ThreadlineException notAccepted) {
            messages.delete(messageId);
            runs.withdraw(run, reservation.before().currentLeafId());
            throw notAccepted;
        }
        search.indexMessage(reservation.before().ownerId(), message);
        return new SendResult(messageId, runId);
    }

    /**
     * The tip of the thread's active branch as it was: for a thread stored before the conversation tree,
     * its messages get their parents first (once), and the tip is its newest message.
     */
    private @Nullable String adoptIfLegacy(ChatThread thread) {
        if (thread.currentLeafId() == null && thread.runCounter() > 0) {
            return tree.adoptLegacy(thread.id());
        }
        return thread.currentLeafId();
    }

    /**
     * How many runs start before this one, at least: the thread's own still ahead (none when it had no active run,
     * without asking the store), or the run requests of every thread waiting for a free worker, whichever is more
     * (the thread's own may be among those waiting).
     */
    private int runsAhead(RunLifecycle.Reservation reservation) {
        int ofThread = reservation.before().activeRunId() == null ? 0
                : (int) runs.countAhead(reservation.before().id(), reservation.order());
        return Math.max(ofThread, backlog.waiting());
    }

    /**
     * The same clientMessageId again: answer with the stored ids, and dispatch the run again if it never
     * got going (a crash between storing and confirming); workers ignore a run request they already ran.
     */
    private SendResult replay(String userId, String threadId, String messageId, String runId) {
        Message stored = messages.find(threadId, messageId).orElseThrow(() -> ThreadlineException.notFound("Message"));
        Run run = runs.find(threadId, runId).orElseGet(() -> {
            RunLifecycle.Reservation reservation = runs.reserve(threadId, userId, runId, Ids.newId())
                    .orElseThrow(() -> ThreadlineException.notFound("Thread"));
            return runs.enqueue(Run.queued(runId, threadId, stored.author(), reservation.order(), messageId,
                    reservation.plannedAnswerId(), reservation.before().assistant(), null, null, stored.createdAt()));
        });
        if (run.status() == RunStatus.QUEUED) {
            dispatcher.dispatch(List.of(), run.toRequest());
        }
        return new SendResult(stored.id(), runId);
    }

    /** Where a new user message goes: after the tip of the active branch, or after a given message (null: a new root). */
    private record Placement(boolean followLeaf, @Nullable String parentId) {

        static final Placement FOLLOW_LEAF = new Placement(true, null);
    }

    private void validate(SendMessageRequest request) {
        if (!StringUtils.hasText(request.content())) {
            throw ThreadlineException.validation("content must not be blank");
        }
        if (request.content().length() > limits.maxContentChars()) {
            throw ThreadlineException.tooLarge("content is longer than " + limits.maxContentChars() + " characters");
        }
        String clientMessageId = request.clientMessageId();
        if (clientMessageId != null && (clientMessageId.isBlank()
                || clientMessageId.length() > limits.maxClientMessageIdChars())) {
            throw ThreadlineException.validation("clientMessageId must be 1 to " + limits.maxClientMessageIdChars()
                    + " characters");
        }
        AttachmentRules.check(request.attachments());
        validateChoices(request.assistant(), request.model(), request.temperature());
    }

    private void validateChoices(@Nullable String assistant, @Nullable String model, @Nullable Double temperature) {
        if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
            throw ThreadlineException.validation("temperature must be between 0 and 2");
        }
        if (model != null && !models.allowedModels().contains(model)) {
            throw ThreadlineException.validation("model must be one of " + models.allowedModels());
        }
        if (StringUtils.hasText(assistant) && assistants.findByName(assistant).isEmpty()) {
            throw ThreadlineException.notFound("Assistant '" + assistant + "'");
        }
    }

    private static String derivedId(String kind, String threadId, @Nullable String clientMessageId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind + '\n' + threadId + '\n' + clientMessageId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
