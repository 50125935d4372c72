package dev.threadline.gateway.stomp;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Takes WebSocket messages in parts, so the servlet container's per-session message buffers can stay a
 * few KB (Tomcat allocates them eagerly for every session, idle or not); the STOMP decoder reassembles
 * frames up to {@code threadline.stomp.max-frame-bytes} and refuses larger ones. It also keeps the STOMP
 * handler from raising each session's buffer back to 16 KB, which only whole-message delivery needs.
 */
final class PartialMessagesDecorator extends WebSocketHandlerDecorator {

    PartialMessagesDecorator(WebSocketHandler delegate) {
        super(delegate);
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        super.afterConnectionEstablished(new WebSocketSessionDecorator(session) {
            @Override
            public void setTextMessageSizeLimit(int messageSizeLimit) {
                // parts of any size are fine; the container's buffer stays as configured
            }
        });
    }
}
