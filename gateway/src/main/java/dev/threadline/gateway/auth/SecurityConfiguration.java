package dev.threadline.gateway.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.threadline.gateway.limit.RestLimits;
import dev.threadline.gateway.limit.RestRateLimitFilter;
import dev.threadline.gateway.web.ProblemWriter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * REST is a stateless OAuth2 resource server. The WebSocket handshake is open because browsers cannot
 * set headers on it; the token is checked on the STOMP CONNECT frame instead.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemAuthenticationEntryPoint entryPoint,
            ProblemAccessDeniedHandler accessDeniedHandler, CorsProperties cors, RestLimits limits,
            ProblemWriter problems) throws Exception {
        return http
                .addFilterAfter(new RestRateLimitFilter(limits, problems), AuthorizationFilter.class)
                .cors(configurer -> configurer.configurationSource(corsSource(cors)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; "
                                + "connect-src 'self' ws: wss:; img-src 'self' data: https:; object-src 'none'; "
                                + "frame-ancestors 'none'; base-uri 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/index.html", "/app.js", "/app.css", "/favicon.ico", "/webjars/**",
                                "/ws", "/ws/**", "/error", "/actuator/health", "/actuator/health/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/actuator/prometheus").hasAnyAuthority("SCOPE_metrics", "SCOPE_admin")
                        .requestMatchers(HttpMethod.POST, "/api/auth/register", "/api/auth/token").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/assistants").hasAuthority("SCOPE_admin")
                        .requestMatchers(HttpMethod.DELETE, "/api/assistants/**").hasAuthority("SCOPE_admin")
                        .requestMatchers("/api/admin/**").hasAuthority("SCOPE_admin")
                        .requestMatchers("/api/**", "/mcp").authenticated()
                        .anyRequest().denyAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .build();
    }

    /** Paths the firewall refuses (encoded slashes, backslashes, semicolons...) get a problem, not an error page. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, rejected) -> problems.write(response, HttpStatus.BAD_REQUEST, "validation_failed",
                "The request was rejected: " + rejected.getMessage());
    }

    /** Cross-origin REST calls only from the configured origins (none by default: the demo page is same-origin). */
    private static CorsConfigurationSource corsSource(CorsProperties cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!cors.allowedOrigins().isEmpty()) {
            CorsConfiguration configuration = new CorsConfiguration();
            configuration.setAllowedOrigins(cors.allowedOrigins());
            configuration.setAllowedMethods(java.util.List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            configuration.setAllowedHeaders(java.util.List.of("Authorization", "Content-Type"));
            configuration.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", configuration);
        }
        return source;
    }
}
