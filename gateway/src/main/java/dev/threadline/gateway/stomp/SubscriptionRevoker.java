package dev.threadline.gateway.stomp;

import java.security.Principal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * Ends a session's thread subscription from the server's side, for a user who may no longer use the thread
 * (removed from its members, or the thread deleted): no further event of it reaches the session, the features
 * hear of it as of an UNSUBSCRIBE ({@link SessionUnsubscribeEvent}), and the session's {@code /user/queue/errors}
 * gets a {@code forbidden} event naming the destination, as for a refused SUBSCRIBE (PROTOCOL.md §1).
 */
@Component
public class SubscriptionRevoker {

    private static final byte[] EMPTY = new byte[0];

    private final ObjectProvider<MessageHandler> broker;
    private final ApplicationEventPublisher events;
    private final SessionMessenger messenger;

    SubscriptionRevoker(@Qualifier("simpleBrokerMessageHandler") ObjectProvider<MessageHandler> broker,
            ApplicationEventPublisher events, SessionMessenger messenger) {
        this.broker = broker;
        this.events = events;
        this.messenger = messenger;
    }

    public void revoke(Principal user, String sessionId, String subscriptionId, String threadId) {
        StompHeaderAccessor unsubscribe = StompHeaderAccessor.create(StompCommand.UNSUBSCRIBE);
        unsubscribe.setSessionId(sessionId);
        unsubscribe.setSubscriptionId(subscriptionId);
        unsubscribe.setUser(user);
        Message<byte[]> message = MessageBuilder.createMessage(EMPTY, unsubscribe.getMessageHeaders());
        broker.getObject().handleMessage(message);
        events.publishEvent(new SessionUnsubscribeEvent(this, message, user));
        String destination = Destinations.threadTopic(threadId);
        messenger.error(user, sessionId, StompErrorEvent.of("forbidden", "You may no longer use this destination", null,
                threadId, destination));
    }
}
