package dev.threadline.gateway.web;

import org.springframework.http.HttpStatusCode;

/** The stable {@code code} member for statuses raised by the framework rather than by Threadline. */
final class ProblemCodes {

    private ProblemCodes() {
    }

    static String forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "validation_failed";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "message_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            case 503 -> "unavailable";
            default -> status.is4xxClientError() ? "bad_request" : "internal_error";
        };
    }
}
