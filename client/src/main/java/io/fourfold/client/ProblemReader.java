package io.fourfold.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an error answer into the exception for its status. Reads any body: a problem document gives its members,
 * anything else (an HTML page from a proxy, nothing at all) still becomes a {@link FourfoldProblemException}.
 */
final class ProblemReader {

    private static final URI ABOUT_BLANK = URI.create("about:blank");
    /** How much of a body that is not a problem document goes into {@code detail}. */
    private static final int DETAIL_LIMIT = 500;

    private final JsonMapper mapper;
    private final Clock clock;

    ProblemReader(JsonMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    Mono<FourfoldProblemException> read(ClientResponse response) {
        return response.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .map(body -> exceptionFor(problem(response.statusCode().value(), response.headers().asHttpHeaders(), body)));
    }

    Problem problem(int status, HttpHeaders headers, byte[] body) {
        JsonNode document = parse(body);
        String reason = reasonPhrase(status);
        String title = text(document, "title", reason);
        String detail = document.isEmpty() ? plainDetail(body, reason) : text(document, "detail", title);
        return new Problem(status, type(document), title, detail, errors(document), document,
                retryAfter(headers.getFirst(HttpHeaders.RETRY_AFTER)));
    }

    static FourfoldProblemException exceptionFor(Problem problem) {
        return switch (problem.status()) {
            case 400, 413, 422 -> new InvalidTaskException(problem);
            case 401, 403 -> new AccessDeniedException(problem);
            case 404 -> new TaskNotFoundException(problem);
            case 409 -> new TaskFinishedException(problem);
            case 429 -> new RateLimitedException(problem);
            case 503 -> new ServiceUnavailableException(problem);
            default -> new FourfoldProblemException(problem);
        };
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode document = body.length == 0 ? null : mapper.readTree(body);
            return document != null && document.isObject() ? document : mapper.createObjectNode();
        } catch (JacksonException notJson) {
            return mapper.createObjectNode();
        }
    }

    private static URI type(JsonNode document) {
        try {
            return URI.create(text(document, "type", ABOUT_BLANK.toString()));
        } catch (IllegalArgumentException notAUri) {
            return ABOUT_BLANK;
        }
    }

    private static List<FourfoldProblemException.FieldError> errors(JsonNode document) {
        List<FourfoldProblemException.FieldError> errors = new ArrayList<>();
        for (JsonNode error : document.path("errors")) {
            errors.add(new FourfoldProblemException.FieldError(text(error, "field", ""), text(error, "message", "")));
        }
        return List.copyOf(errors);
    }

    /** Seconds or an HTTP date (RFC 9110); a date in the past means now, anything unreadable means none. */
    private @Nullable Duration retryAfter(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            if (trimmed.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(trimmed));
            }
            Duration until = Duration.between(clock.instant(),
                    ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (NumberFormatException | DateTimeParseException unreadable) {
            return null;
        }
    }

    private static String text(JsonNode node, String name, String fallback) {
        JsonNode value = node.get(name);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : fallback;
    }

    private static String plainDetail(byte[] body, String reason) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return reason;
        }
        return text.length() > DETAIL_LIMIT ? text.substring(0, DETAIL_LIMIT) + "…" : text;
    }

    private static String reasonPhrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
