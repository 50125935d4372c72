package dev.threadline.gateway.mcp;

import java.util.Map;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Carries the caller from the HTTP request into the tool call: the security chain authenticated the request's
 * bearer token, and the request's principal is that token; its subject is the user, as on REST.
 */
final class McpCaller implements McpTransportContextExtractor<HttpServletRequest> {

    private static final String USER_ID = "threadline.userId";

    @Override
    public McpTransportContext extract(HttpServletRequest request) {
        return request.getUserPrincipal() instanceof JwtAuthenticationToken token && token.getToken().getSubject() != null
                ? McpTransportContext.create(Map.of(USER_ID, token.getToken().getSubject())) : McpTransportContext.EMPTY;
    }

    /** The caller's user id; null only if the request was not authenticated, which the security chain prevents. */
    static @Nullable String userId(McpTransportContext context) {
        return context.get(USER_ID) instanceof String userId ? userId : null;
    }
}
