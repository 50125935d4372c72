package dev.threadline.gateway.stomp;

/**
 * Whether a user may use a thread's destinations (PROTOCOL.md §1, §14): its owner and its members may. Asked by
 * {@link DestinationGuard} for every thread SUBSCRIBE and SEND, answered by the feature that owns threads.
 */
public interface ThreadOwnership {

    boolean isParticipant(String threadId, String userId);
}
