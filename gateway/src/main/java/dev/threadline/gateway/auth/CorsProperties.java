package dev.threadline.gateway.auth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param allowedOrigins {@code CORS_ALLOWED_ORIGINS}: origins (e.g. the Next.js app's) allowed to call the REST API */
@ConfigurationProperties("threadline.cors")
record CorsProperties(@DefaultValue List<String> allowedOrigins) {
}
