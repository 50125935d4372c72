package dev.threadline.gateway.stomp;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * The simple broker sends no RECEIPT; this sends one once a SUBSCRIBE is registered, so a client can
 * wait for its subscription before sending. (A SEND's RECEIPT is sent when its message is durably accepted.)
 */
@Component
class SubscribeReceipts implements InboundStompInterceptor, ExecutorChannelInterceptor {

    private final SessionMessenger messenger;

    SubscribeReceipts(SessionMessenger messenger) {
        this.messenger = messenger;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
            @Nullable Exception ex) {
        if (ex != null || !(handler instanceof SimpleBrokerMessageHandler)) {
            return;
        }
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getCommand() != StompCommand.SUBSCRIBE || accessor.getReceipt() == null
                || accessor.getSessionId() == null) {
            return;
        }
        messenger.receipt(accessor.getSessionId(), accessor.getReceipt());
    }
}
