package dev.threadline.gateway.web;

import java.time.Duration;

import dev.threadline.gateway.error.ThreadlineException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/** Every REST error is RFC 9457 problem+json with a stable {@code code} member. */
@RestControllerAdvice
class RestExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RestExceptionHandler.class);

    /** The one mapping of a {@link ThreadlineException} to HTTP; {@code Retry-After} in whole seconds, at least one. */
    @ExceptionHandler(ThreadlineException.class)
    ResponseEntity<ProblemDetail> handleThreadline(ThreadlineException ex) {
        HttpStatus status = HttpStatus.valueOf(ex.status());
        ResponseEntity<ProblemDetail> problem = problem(status, ex.code(), ex.getMessage());
        Duration retryAfter = ex.retryAfter();
        if (retryAfter != null) {
            return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER,
                    String.valueOf(Math.max(1, retryAfter.toSeconds()))).body(problem.getBody());
        }
        return problem;
    }

    @ExceptionHandler(AmqpException.class)
    ResponseEntity<ProblemDetail> handleBroker(AmqpException ex) {
        log.warn("Broker unavailable: {}", ex.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The message broker is unavailable; retry later");
    }

    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<ProblemDetail> handleStore(DataAccessResourceFailureException ex) {
        log.warn("Store unavailable: {}", ex.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The database is unavailable; retry later");
    }

    /** A body over the size limit is 413; any other unreadable body says what Jackson could not read. */
    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return new ResponseEntity<>(problem(HttpStatus.CONTENT_TOO_LARGE, "message_too_large",
                        tooLarge.getMessage()).getBody(), HttpStatus.CONTENT_TOO_LARGE);
            }
        }
        String reason = ex.getCause() instanceof JacksonException jackson ? jackson.getOriginalMessage()
                : "the body is missing or not JSON";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The body is not valid JSON of the expected shape: " + reason);
        problem.setProperty("code", "validation_failed");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && (problem.getProperties() == null
                || !problem.getProperties().containsKey("code"))) {
            problem.setProperty("code", ProblemCodes.forStatus(statusCode));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
        }
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(problem);
    }
}
