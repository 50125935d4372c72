package dev.threadline.gateway.limit;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.threadline.gateway.web.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-caller request rate of the REST API and the MCP endpoint: an authenticated user by token subject, anyone else (register,
 * login) by address. Over the limit: {@code 429 rate_limited} with {@code Retry-After}. Runs in the
 * security chain after authentication, so it knows who is calling.
 */
public final class RestRateLimitFilter extends OncePerRequestFilter {

    private final RateLimit users;
    private final RateLimit addresses;
    private final ProblemWriter problems;

    public RestRateLimitFilter(RestLimits limits, ProblemWriter problems) {
        this.users = new RateLimit(limits.requestsPerMinute(), limits.burst());
        this.addresses = new RateLimit(limits.anonymousPerMinute(), limits.anonymousBurst());
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") && !request.getRequestURI().equals("/mcp");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        Duration wait = caller == null || caller instanceof AnonymousAuthenticationToken || !caller.isAuthenticated()
                ? addresses.take(request.getRemoteAddr()) : users.take(caller.getName());
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000)));
        problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many requests; slow down");
    }
}
