package io.fourfold.api.submission;

import io.fourfold.api.security.Caller;
import io.fourfold.api.status.TaskView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Submitting tasks, one at a time (optionally waiting for the result) or in batches. */
@RestController
@RequestMapping(path = "/api/tasks", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tasks")
class TaskSubmissionController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String TRACEPARENT = "traceparent";
    /** {@code true} when a unique task under way stands for the one asked for, which was not made. */
    static final String DEDUPLICATED = "Fourfold-Deduplicated";
    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final TaskSubmissionService submissions;

    TaskSubmissionController(TaskSubmissionService submissions) {
        this.submissions = submissions;
    }

    @PostMapping
    @Operation(summary = "Submit a task",
            description = """
                    Validates the task (its payload against the JSON Schema its workers registered), stores and \
                    enqueues it, and answers `202` with its view and `Location`.

                    **Request/reply:** with `?wait=PT10S` the answer waits until the task reaches a terminal state \
                    (SUCCEEDED, FAILED or CANCELLED) and is then `200` with the final view, result included. If the \
                    wait runs out first, the answer is `202` with the task as it stands then; the task keeps running. \
                    The wait holds no thread. At most `fourfold.api.max-wait` (60 s).

                    **Idempotency:** with an `Idempotency-Key` header, a retry with the same key and the same \
                    request answers `200` with the task the first call made (and does not run it again); the same \
                    key with a different request is a `422`. Requests are compared after defaults are applied. Keys \
                    are kept as long as task records (24 h by default) and scoped per caller (one global scope \
                    while auth is off).""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TaskRequest.class),
                    examples = {
                        @ExampleObject(name = "sleep", summary = "A task with its defaults",
                                value = "{\"type\": \"sleep\", \"payload\": {\"millis\": 1500}}"),
                        @ExampleObject(name = "scheduled", summary = "Later, urgent, with its own retries and timeout",
                                value = """
                                        {"type": "primes", "payload": {"upTo": 1000000}, "queue": "cpu", "priority": 9,
                                         "delay": "PT30S", "maxAttempts": 5, "timeout": "PT1M"}"""),
                        @ExampleObject(name = "at", summary = "At a given instant",
                                value = "{\"type\": \"echo\", \"payload\": {\"hello\": \"world\"}, "
                                        + "\"runAt\": \"2030-01-01T09:00:00Z\"}")})))
    @ApiResponse(responseCode = "202", description = "Accepted (or still running when a wait ran out)",
            headers = {@Header(name = "Location", description = "/api/tasks/{id}"),
                @Header(name = DEDUPLICATED, description = "`false`: the task was made")})
    @ApiResponse(responseCode = "200", description = "Finished within the wait, an Idempotency-Key replay, or a unique "
            + "task under way that stands for this one (nothing was made)",
            headers = {@Header(name = "Location", description = "/api/tasks/{id}"),
                @Header(name = DEDUPLICATED, description = "`true` when a unique task under way stands for this one")})
    @ApiResponse(responseCode = "400", description = "Invalid request; `errors` names each wrong field",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject("""
                            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
                             "detail": "payload.millis: required property 'millis' not found",
                             "errors": [{"field": "payload.millis", "message": "required property 'millis' not found"}]}""")))
    @ApiResponse(responseCode = "413", description = "Body over `fourfold.api.max-request-size` (1 MiB) or payload over "
            + "`fourfold.api.max-payload-size` (512 KiB)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unknown task type (the problem lists `knownTypes`), or an "
            + "Idempotency-Key reused with a different request",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject("""
                            {"type": "/problems/unknown-task-type", "title": "Unknown task type", "status": 422,
                             "detail": "Unknown task type. Known types: echo, sleep",
                             "errors": [{"field": "type", "message": "unknown task type 'slep'"}],
                             "knownTypes": ["echo", "sleep"]}""")))
    @ApiResponse(responseCode = "503", description = "The backend is unavailable; nothing was stored. Retry after "
            + "`Retry-After` seconds", headers = @Header(name = "Retry-After"),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<TaskView>> submit(
            @RequestBody TaskRequest request,
            @Parameter(description = "Wait up to this long (ISO-8601 duration, e.g. PT10S) for the task to end")
            @RequestParam(required = false) @Nullable String wait,
            @Parameter(description = "Makes retries safe: the same key and request give the same task")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey,
            @RequestHeader(name = TRACEPARENT, required = false) @Nullable String traceparent,
            ServerWebExchange exchange) {
        return Caller.of(exchange)
                .flatMap(caller -> submissions.submit(List.of(request), false, idempotencyKey,
                        RequestTrace.traceparent(exchange, traceparent), submissions.parseWait(wait), caller))
                .map(submitted -> {
                    TaskView view = TaskView.of(submitted.single());
                    boolean finished = wait != null && view.state().isTerminal();
                    return ResponseEntity
                            .status(submitted.replayed() || submitted.isDeduplicated() || finished
                                    ? HttpStatus.OK : HttpStatus.ACCEPTED)
                            .location(URI.create("/api/tasks/" + view.id()))
                            .header(DEDUPLICATED, Boolean.toString(submitted.isDeduplicated()))
                            .body(view);
                });
    }

    @PostMapping("/batch")
    @Operation(summary = "Submit tasks in a batch",
            description = "Up to `fourfold.api.batch-limit` (1000) tasks, all or nothing: if any item is invalid the "
                    + "answer names every wrong field as `[i].field` and nothing is stored. The views come back in "
                    + "request order. `Idempotency-Key` works as for a single submit, over the whole batch.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    array = @ArraySchema(schema = @Schema(implementation = TaskRequest.class)),
                    examples = @ExampleObject(name = "two", value = """
                            [{"type": "echo", "payload": {"n": 1}},
                             {"type": "sleep", "payload": {"millis": 200}, "priority": 5}]"""))))
    @ApiResponse(responseCode = "202", description = "All accepted, views in request order",
            content = @Content(array = @ArraySchema(schema = @Schema(implementation = TaskView.class))))
    @ApiResponse(responseCode = "200", description = "An Idempotency-Key replay: the tasks the first call made. (An "
            + "item whose unique task is under way gets that task's view in its place, in a 202 as in a 200.)")
    @ApiResponse(responseCode = "400", description = "Empty, too many items, or an invalid item",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Body or a payload too large",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "An unknown task type, or an Idempotency-Key conflict",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The backend is unavailable; nothing was stored",
            headers = @Header(name = "Retry-After"),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<List<TaskView>>> submitBatch(
            @RequestBody List<@Nullable TaskRequest> requests,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Nullable String idempotencyKey,
            @RequestHeader(name = TRACEPARENT, required = false) @Nullable String traceparent,
            ServerWebExchange exchange) {
        return Caller.of(exchange)
                .flatMap(caller -> submissions.submit(requests, true, idempotencyKey,
                        RequestTrace.traceparent(exchange, traceparent), null, caller))
                .map(submitted -> ResponseEntity.status(submitted.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                        .body(submitted.views()));
    }
}
