package dev.threadline.gateway.admin;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every REST request with a valid token as the user being seen. A servlet filter of its own, after
 * Spring Security's chain, so it sees the authenticated user and no refused request.
 */
@Component
class SeenUsersFilter extends OncePerRequestFilter {

    private final SeenUsers seenUsers;

    SeenUsersFilter(SeenUsers seenUsers) {
        this.seenUsers = seenUsers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user instanceof JwtAuthenticationToken jwt && jwt.isAuthenticated()) {
            seenUsers.seen(jwt.getName());
        }
        chain.doFilter(request, response);
    }
}
