package dev.threadline.gateway.stomp;

import java.security.Principal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/** Sends to one STOMP session only: error events on its {@code /user/queue/errors}, ERROR and RECEIPT frames. */
@Component
public class SessionMessenger {

    private static final byte[] EMPTY = new byte[0];

    private final ObjectProvider<SimpMessagingTemplate> template;
    private final ObjectProvider<MessageChannel> clientOutboundChannel;

    SessionMessenger(ObjectProvider<SimpMessagingTemplate> template,
            @org.springframework.beans.factory.annotation.Qualifier("clientOutboundChannel")
            ObjectProvider<MessageChannel> clientOutboundChannel) {
        this.template = template;
        this.clientOutboundChannel = clientOutboundChannel;
    }

    void error(Principal user, String sessionId, StompErrorEvent error) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId(sessionId);
        headers.setLeaveMutable(true);
        template.getObject().convertAndSendToUser(user.getName(), "/queue/errors", error, headers.getMessageHeaders());
    }

    /** Sends an ERROR frame whose message starts with {@code Unauthorized} (PROTOCOL.md §1); the connection closes. */
    public void unauthorized(String sessionId, String reason) {
        errorFrame(sessionId, unauthorized(reason));
    }

    static String unauthorized(String reason) {
        return reason.startsWith("Unauthorized") ? reason : "Unauthorized: " + reason;
    }

    /** Sends an ERROR frame; the STOMP handler closes the connection after it. */
    private void errorFrame(String sessionId, String message) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setSessionId(sessionId);
        error.setMessage(message);
        clientOutboundChannel.getObject().send(MessageBuilder.createMessage(EMPTY, error.getMessageHeaders()));
    }

    public void receipt(String sessionId, String receiptId) {
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setSessionId(sessionId);
        receipt.setReceiptId(receiptId);
        clientOutboundChannel.getObject().send(MessageBuilder.createMessage(EMPTY, receipt.getMessageHeaders()));
    }
}
