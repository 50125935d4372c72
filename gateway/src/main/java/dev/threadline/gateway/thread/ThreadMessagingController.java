package dev.threadline.gateway.thread;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;

import dev.threadline.gateway.dispatch.RunDispatcher;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.limit.RateLimit;
import dev.threadline.gateway.limit.StompLimits;
import dev.threadline.gateway.stomp.SessionMessenger;
import dev.threadline.model.event.Typing;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Controller;
import tools.jackson.databind.json.JsonMapper;

/**
 * The STOMP SEND destinations of PROTOCOL.md §3. A refused SEND — a {@code ThreadlineException}, a body
 * that is not JSON of the expected shape, a backing service down — answers on the session's
 * {@code /user/queue/errors} through the STOMP plumbing's exception advice and leaves the connection open;
 * an accepted one gets its RECEIPT only after the message is stored and the broker confirmed the run request.
 * Bodies are read here, not by a message converter, so they are read by the strict JSON mapper whatever
 * content type the client declared.
 */
@Controller
class ThreadMessagingController {

    private final MessageSender sender;
    private final RunCanceller canceller;
    private final RunDispatcher dispatcher;
    private final SessionMessenger messenger;
    private final JsonMapper json;
    private final FeedbackRecorder feedback;
    private final RateLimit frames;
    private final RunApprovals approvals;

    ThreadMessagingController(MessageSender sender, RunCanceller canceller, RunDispatcher dispatcher,
            SessionMessenger messenger, JsonMapper json, FeedbackRecorder feedback, StompLimits limits,
            RunApprovals approvals) {
        this.approvals = approvals;
        this.sender = sender;
        this.canceller = canceller;
        this.dispatcher = dispatcher;
        this.messenger = messenger;
        this.json = json;
        this.feedback = feedback;
        this.frames = new RateLimit(limits.framesPerMinute(), limits.burst());
    }

    @MessageMapping("/threads/{threadId}/messages")
    void send(@DestinationVariable String threadId, @Payload byte[] body, Principal user,
            StompHeaderAccessor headers) {
        SendMessageRequest request = json.readValue(body, SendMessageRequest.class);
        handle(user, headers, () -> sender.send(user.getName(), threadId, request));
    }

    @MessageMapping("/threads/{threadId}/edit")
    void edit(@DestinationVariable String threadId, @Payload byte[] body, Principal user, StompHeaderAccessor headers) {
        EditMessageRequest request = json.readValue(body, EditMessageRequest.class);
        handle(user, headers, () -> sender.edit(user.getName(), threadId, required(request.messageId()), request.send()));
    }

    @MessageMapping("/threads/{threadId}/regenerate")
    void regenerate(@DestinationVariable String threadId, @Payload byte[] body, Principal user,
            StompHeaderAccessor headers) {
        RegenerateRequest request = json.readValue(body, RegenerateRequest.class);
        handle(user, headers, () -> sender.regenerate(user.getName(), threadId, required(request.messageId()), request));
    }

    @MessageMapping("/threads/{threadId}/cancel")
    void cancel(@DestinationVariable String threadId, Principal user, StompHeaderAccessor headers) {
        handle(user, headers, () -> canceller.cancelActive(user.getName(), threadId));
    }

    @MessageMapping("/threads/{threadId}/approvals")
    void approve(@DestinationVariable String threadId, @Payload byte[] body, Principal user,
            StompHeaderAccessor headers) {
        ApprovalAnswer answer = json.readValue(body, ApprovalAnswer.class);
        handle(user, headers, () -> approvals.answer(user.getName(), threadId, null, answer));
    }

    @MessageMapping("/threads/{threadId}/feedback")
    void feedback(@DestinationVariable String threadId, @Payload byte[] body, Principal user,
            StompHeaderAccessor headers) {
        FeedbackRequest request = json.readValue(body, FeedbackRequest.class);
        handle(user, headers, () -> feedback.record(user.getName(), threadId, request.messageId(), request));
    }

    @MessageMapping("/threads/{threadId}/typing")
    void typing(@DestinationVariable String threadId, Principal user, StompHeaderAccessor headers) {
        handle(user, headers, () -> dispatcher.publish(new Typing(threadId, Instant.now(), user.getName())));
    }

    private static String required(@Nullable String messageId) {
        if (messageId == null) {
            throw ThreadlineException.validation("messageId is required");
        }
        return messageId;
    }

    /** Runs the frame's action within the user's frame rate, then sends the RECEIPT the client asked for. */
    private void handle(Principal user, StompHeaderAccessor headers, Runnable action) {
        Duration wait = frames.take(user.getName());
        if (!wait.isZero()) {
            throw ThreadlineException.rateLimited("Too many frames; slow down", wait);
        }
        action.run();
        if (headers.getReceipt() != null && headers.getSessionId() != null) {
            messenger.receipt(headers.getSessionId(), headers.getReceipt());
        }
    }
}
