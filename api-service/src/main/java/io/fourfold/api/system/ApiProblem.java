package io.fourfold.api.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An answer that is not a success, carrying its own status and RFC 9457 body. Thrown anywhere in a request;
 * {@link ProblemHandler} writes it as {@code application/problem+json}.
 */
public class ApiProblem extends ErrorResponseException {

    /** Problem types are relative URIs, documented in the OpenAPI description. */
    private static final String TYPE_BASE = "/problems/";

    private ApiProblem(HttpStatus status, String type, String title, String detail) {
        super(status, problem(status, type, title, detail), null);
    }

    public static ApiProblem invalid(String detail, List<FieldError> errors) {
        ApiProblem problem = new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.getBody().setProperty("errors", List.copyOf(errors));
        return problem;
    }

    public static ApiProblem invalid(FieldError error) {
        return invalid(error.field() + ": " + error.message(), List.of(error));
    }

    public static ApiProblem tooLarge(String detail, List<FieldError> errors) {
        ApiProblem problem = new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request too large", detail);
        problem.getBody().setProperty("errors", List.copyOf(errors));
        return problem;
    }

    public static ApiProblem unknownTaskType(List<FieldError> errors, List<String> knownTypes) {
        String detail = "Unknown task type. Known types: "
                + (knownTypes.isEmpty() ? "none yet (no worker has registered a type)" : String.join(", ", knownTypes));
        ApiProblem problem = new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-task-type", "Unknown task type",
                detail);
        problem.getBody().setProperty("errors", List.copyOf(errors));
        problem.getBody().setProperty("knownTypes", List.copyOf(knownTypes));
        return problem;
    }

    public static ApiProblem idempotencyConflict(String detail) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-conflict", "Idempotency-Key reused",
                detail);
    }

    public static ApiProblem taskNotFound(String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "task-not-found", "Task not found", "No task with id '" + id + "'");
    }

    public static ApiProblem scheduleNotFound(String name) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "schedule-not-found", "Schedule not found",
                "No schedule named '" + name + "'");
    }

    public static ApiProblem limitsNotFound(String type) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "limits-not-found", "Limits not found",
                "Task type '" + type + "' has no limits");
    }

    public static ApiProblem workflowNotFound(String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "workflow-not-found", "Workflow not found",
                "No workflow with id '" + id + "'");
    }

    public static ApiProblem notYourWorkflow(String id) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Workflow " + id + " was created by another caller; only its owner or an admin may cancel it");
    }

    public static ApiProblem workflowFinished(String id, String state) {
        return new ApiProblem(HttpStatus.CONFLICT, "workflow-finished", "Workflow already finished",
                "Workflow " + id + " has already finished (" + state + "); there is nothing to cancel");
    }

    public static ApiProblem notYourTask(String id) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Task " + id + " was submitted by another caller; only its owner or an admin may cancel it");
    }

    public static ApiProblem alreadyFinished(String id, String state) {
        return new ApiProblem(HttpStatus.CONFLICT, "task-finished", "Task already finished",
                "Task " + id + " has already finished (" + state + "); there is nothing to cancel");
    }

    public static ApiProblem notADeadLetter(String id, String state) {
        return new ApiProblem(HttpStatus.CONFLICT, "not-a-dead-letter", "Not a dead letter",
                "Task " + id + " is " + state + ", not FAILED: only dead letters can be retried or deleted here");
    }

    public static ApiProblem queueFull(String queue, long ready, long limit, Duration retryAfter) {
        ApiProblem problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Queue full",
                "Queue '" + queue + "' holds " + ready + " ready tasks, at or above its limit of " + limit
                        + " (fourfold.api.queue-limits); retry later");
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return problem;
    }

    /**
     * The type of a problem that has no more specific one: {@code /problems/invalid-request} for 400,
     * {@code /problems/too-large} for 413, else the status's reason, e.g. {@code /problems/method-not-allowed}.
     */
    static URI typeFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String slug = switch (known) {
            case BAD_REQUEST -> "invalid-request";
            case CONTENT_TOO_LARGE -> "too-large";
            case SERVICE_UNAVAILABLE -> "backend-unavailable";
            case null -> "status-" + status.value();
            default -> known.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        };
        return typeFor(slug);
    }

    /** The type named {@code slug}: {@code /problems/<slug>}. */
    static URI typeFor(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(typeFor(type));
        problem.setTitle(title);
        return problem;
    }
}
