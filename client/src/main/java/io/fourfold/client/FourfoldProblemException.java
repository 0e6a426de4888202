package io.fourfold.client;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The api answered with an error: an RFC 9457 problem ({@code application/problem+json}). The statuses a caller
 * handles differently have their own subclasses ({@link TaskNotFoundException}, {@link InvalidTaskException},
 * {@link TaskFinishedException}, {@link AccessDeniedException}, {@link RetryLaterException}); any other error
 * answer, including one that is not problem JSON (say, from a proxy), is this class itself.
 */
public class FourfoldProblemException extends RuntimeException {

    private final Problem problem;

    FourfoldProblemException(Problem problem) {
        super(message(problem));
        this.problem = problem;
    }

    /** The HTTP status. */
    public int status() {
        return problem.status();
    }

    /** The problem type, e.g. {@code /problems/task-not-found}; {@code about:blank} when the api gave none. */
    public URI type() {
        return problem.type();
    }

    /** A short summary of the problem type, e.g. {@code Task not found}. */
    public String title() {
        return problem.title();
    }

    /** What went wrong with this request. */
    public String detail() {
        return problem.detail();
    }

    /** Each wrong field of the request, e.g. {@code payload.millis}; empty when the problem is not about fields. */
    public List<FieldError> errors() {
        return problem.errors();
    }

    /** A member of the problem document beyond the standard ones, e.g. {@code knownTypes}; null when absent. */
    public @Nullable JsonNode property(String name) {
        JsonNode value = problem.body().get(name);
        return value == null || value.isNull() ? null : value;
    }

    Problem problem() {
        return problem;
    }

    private static String message(Problem problem) {
        StringBuilder message = new StringBuilder().append(problem.status()).append(' ').append(problem.title());
        if (!problem.detail().isEmpty() && !problem.detail().equals(problem.title())) {
            message.append(": ").append(problem.detail());
        }
        return message.toString();
    }

    /**
     * One wrong field of a request.
     *
     * @param field   the field's path in the request, e.g. {@code priority}, {@code payload.millis} or {@code [3].type}
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
    }
}
