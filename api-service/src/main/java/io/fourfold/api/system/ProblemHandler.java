package io.fourfold.api.system;

import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.IdempotencyConflictException;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where exceptions become {@code application/problem+json}. Spring's own web exceptions get their
 * standard problem from the base class; the rest are mapped here. Nothing of an unexpected exception reaches the
 * client: it is logged, and the client sees a plain 500.
 *
 * <p>It goes before Boot's own problem handler ({@code spring.webflux.problemdetails}), whatever the configuration
 * of the application that composes the api. The content type is set on every answer, so that a problem reaches a
 * client that asked for {@code text/event-stream} too.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private final ApiProperties properties;

    ProblemHandler(ApiProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler
    Mono<ResponseEntity<Object>> idempotencyConflict(IdempotencyConflictException conflict,
            ServerWebExchange exchange) {
        return handleException(ApiProblem.idempotencyConflict(conflict.getMessage()), exchange);
    }

    @ExceptionHandler
    Mono<ResponseEntity<ProblemDetail>> backendUnavailable(BackendUnavailableException unavailable) {
        log.warn("Backend unavailable: {}", unavailable.getMessage());
        // Retry-After takes whole seconds: round up, and never tell a client to retry at once.
        long seconds = Math.max(1, (unavailable.retryAfter().toMillis() + 999) / 1000);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The task backend cannot take requests right now; nothing was stored. Retry after " + seconds + " s.");
        problem.setType(ApiProblem.typeFor(HttpStatus.SERVICE_UNAVAILABLE));
        problem.setTitle("Backend unavailable");
        return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem));
    }

    /** The firewall checks query parameters and headers when they are first read, which may be in a controller. */
    @ExceptionHandler
    Mono<ResponseEntity<Object>> rejected(ServerExchangeRejectedException rejected, ServerWebExchange exchange) {
        return handleException(ApiProblem.invalid("The request was rejected: " + rejected.getMessage(), List.of()),
                exchange);
    }

    @ExceptionHandler
    Mono<ResponseEntity<ProblemDetail>> unexpected(Exception failure, ServerWebExchange exchange) {
        // A backend outage wrapped by a library on its way up is still an outage: answer it as one.
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BackendUnavailableException unavailable) {
                return backendUnavailable(unavailable);
            }
        }
        log.error("Unexpected failure answering {} {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), failure);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; it has been logged.");
        problem.setType(ApiProblem.typeFor(HttpStatus.INTERNAL_SERVER_ERROR));
        problem.setTitle("Internal error");
        return Mono.just(ResponseEntity.internalServerError().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem));
    }

    /**
     * Spring's own problems (405, 413, 415, ...) have no type (read as {@code about:blank}); give each a
     * type of ours so every problem names its type.
     */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception failure, @Nullable Object body,
            @Nullable HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        // The base class reads the problem from the exception itself when no body is given.
        ProblemDetail problem = body instanceof ProblemDetail given ? given
                : failure instanceof ErrorResponse response ? response.getBody() : null;
        if (problem != null && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(ApiProblem.typeFor(status));
        }
        if (problem != null && problem.getDetail() == null) {
            problem.setDetail(status.value() == HttpStatus.CONTENT_TOO_LARGE.value()
                    ? "The request body is larger than " + properties.maxRequestSize().toKilobytes()
                            + " KiB (fourfold.api.max-request-size)"
                    : problem.getTitle());
        }
        HttpHeaders problemHeaders = new HttpHeaders();
        if (headers != null) {
            problemHeaders.addAll(headers);
        }
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(failure, body, problemHeaders, status, exchange);
    }

    /** A body that is not JSON, or JSON of the wrong shape: say which field, never echo a stack trace. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException input,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        JacksonException json = jsonCause(input);
        if (json == null) {
            return super.handleServerWebInputException(input, headers, status, exchange);
        }
        return handleException(describe(json), exchange);
    }

    private static ApiProblem describe(JacksonException json) {
        String field = fieldOf(json);
        if (json instanceof StreamConstraintsException) {
            return ApiProblem.invalid("The JSON body exceeds a parser limit: " + json.getOriginalMessage(), List.of());
        }
        if (json instanceof UnrecognizedPropertyException unknown) {
            return ApiProblem.invalid(new FieldError(field.isEmpty() ? unknown.getPropertyName() : field,
                    "unknown field"));
        }
        if (!field.isEmpty()) {
            return ApiProblem.invalid(new FieldError(field, "has the wrong JSON type or format"));
        }
        if (json instanceof StreamReadException) {
            return ApiProblem.invalid("Malformed JSON: " + json.getOriginalMessage(), List.of());
        }
        // Jackson's own words here name Java types; say what the body should have been instead.
        return ApiProblem.invalid("The body has the wrong JSON shape: a task is a JSON object, a batch a JSON array "
                + "of task objects", List.of());
    }

    /** The Jackson path as a field name: {@code [2].priority}, {@code maxAttempts}. */
    private static String fieldOf(JacksonException json) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static @Nullable JacksonException jsonCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json) {
                return json;
            }
        }
        return null;
    }
}
