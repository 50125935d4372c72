package dev.threadline.gateway.thread;

import java.util.Optional;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.model.message.Message;
import dev.threadline.model.thread.ChatThread;
import org.springframework.stereotype.Service;

/**
 * Threads and sends for features other than REST and STOMP (the MCP server): the same thread creation, access
 * checks and send path as {@code POST /api/threads} and {@code POST /api/threads/{id}/messages}, so every limit,
 * budget and check applies alike.
 */
@Service
public class Conversations {

    private final ThreadAccess access;
    private final ThreadStore threads;
    private final MessageStore messages;
    private final MessageSender sender;

    Conversations(ThreadAccess access, ThreadStore threads, MessageStore messages, MessageSender sender) {
        this.access = access;
        this.threads = threads;
        this.messages = messages;
        this.sender = sender;
    }

    /**
     * Sends {@code content} to {@code assistant} on a new thread of the user, titled from the conversation like a
     * thread created without a title; a refused send leaves no empty thread behind.
     */
    public Sent startAndSend(String userId, String assistant, String content) {
        ChatThread thread = threads.create(userId, "New conversation", true, assistant);
        try {
            return send(userId, thread.id(), assistant, content);
        }
        catch (ThreadlineException refused) {
            threads.delete(thread);
            throw refused;
        }
    }

    /** Sends {@code content} to {@code assistant} on a thread the user owns or is a member of (else not found). */
    public Sent send(String userId, String threadId, String assistant, String content) {
        SendResult result = sender.send(userId, threadId,
                new SendMessageRequest(content, null, assistant, null, null, null, null));
        return new Sent(threadId, result.messageId(), result.runId());
    }

    /** A message of a thread the user owns or is a member of. */
    public Optional<Message> message(String userId, String threadId, String messageId) {
        access.checkParticipant(threadId, userId);
        return messages.find(threadId, messageId);
    }

    /** A user message accepted on a thread, and the run that answers it. */
    public record Sent(String threadId, String messageId, String runId) {
    }
}
