package io.fourfold.api.workflows;

import io.fourfold.api.security.Caller;
import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Workflows: create a chain, a group with a callback or a batch, follow it, list the newest, cancel one. */
@RestController
@RequestMapping("/api/workflows")
@Tag(name = "Workflows")
class WorkflowController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final WorkflowService service;

    WorkflowController(WorkflowService service) {
        this.service = service;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a workflow",
            description = """
                    Every task is checked as `POST /api/tasks/batch` checks its items (errors name \
                    `tasks[i].field` and `callback.field`), all or nothing, and each gets its task id now.

                    **CHAIN**: one step after the other; a step is submitted once the one before it succeeded. A step \
                    after the first given without a `payload` takes the previous step's result as its payload (its \
                    schema is checked by the worker then, not now); one with a payload keeps it. A step that fails \
                    or is cancelled ends the chain FAILED or CANCELLED, and later steps never run.

                    **GROUP**: every member is submitted at once, all or nothing; once all succeeded the `callback` \
                    is submitted, given without a `payload` the JSON array of the members' results in order. A \
                    member that fails ends the group FAILED once all members ended; the callback never runs.

                    **BATCH**: a group without callback, ended when all members ended: SUCCEEDED with the array of \
                    their results, or FAILED if any failed. Its `progress` is the members' shared progress.

                    `delay` and `runAt` count from the workflow's creation. Role `submit`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = WorkflowRequest.class),
                    examples = {
                        @ExampleObject(name = "chain", summary = "Each step gets the previous result",
                                value = """
                                        {"kind": "CHAIN", "tasks": [{"type": "echo", "payload": {"n": 1}},
                                         {"type": "echo"}, {"type": "echo"}]}"""),
                        @ExampleObject(name = "group", summary = "Three at once, then a callback with their results",
                                value = """
                                        {"kind": "GROUP", "tasks": [{"type": "primes", "payload": {"upTo": 1000}},
                                         {"type": "primes", "payload": {"upTo": 2000}}], "callback": {"type": "echo"}}"""),
                        @ExampleObject(name = "batch", summary = "Many at once, followed as one",
                                value = """
                                        {"kind": "BATCH", "tasks": [{"type": "sleep", "payload": {"millis": 500}},
                                         {"type": "sleep", "payload": {"millis": 800}}]}""")})))
    @ApiResponse(responseCode = "201", description = "Created; its first steps are submitted",
            headers = @Header(name = "Location", description = "/api/workflows/{id}"))
    @ApiResponse(responseCode = "400", description = "Unknown `kind`, no tasks, more than "
            + "`fourfold.api.batch-limit`, a `callback` on a kind other than GROUP or missing on a GROUP, or an "
            + "invalid task; `errors` names each",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject("""
                            {"type": "/problems/invalid-request", "title": "Invalid request", "status": 400,
                             "detail": "callback: only a GROUP has a callback, not a CHAIN",
                             "errors": [{"field": "callback", "message": "only a GROUP has a callback, not a CHAIN"}]}""")))
    @ApiResponse(responseCode = "413", description = "A payload over `fourfold.api.max-payload-size`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unknown task type (the problem lists `knownTypes`)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "A queue of its tasks is at its limit",
            headers = @Header(name = "Retry-After"),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The backend is unavailable; nothing was stored",
            headers = @Header(name = "Retry-After"),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<WorkflowView>> create(@RequestBody WorkflowRequest request,
            @RequestHeader(name = "traceparent", required = false) @Nullable String traceparent,
            ServerWebExchange exchange) {
        return Caller.of(exchange)
                .flatMap(caller -> service.create(request, traceparent, caller))
                .map(view -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create("/api/workflows/" + view.id()))
                        .body(view));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A workflow and its steps",
            description = "Its state, progress, counts of its tasks by state, result, and each step with its task's "
                    + "id, type, state (PENDING before it is submitted) and error.")
    @ApiResponse(responseCode = "200", description = "The workflow")
    @ApiResponse(responseCode = "404", description = "No such workflow (or it finished longer ago than "
            + "`fourfold.store.retention`)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<WorkflowView> get(@PathVariable String id) {
        return service.get(id);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The newest workflows", description = "Newest first, with their steps.")
    @ApiResponse(responseCode = "400", description = "`limit` out of range",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<List<WorkflowView>> list(
            @Parameter(description = "How many, 1 to " + MAX_LIMIT + "; default " + DEFAULT_LIMIT,
                    schema = @Schema(type = "integer"))
            @RequestParam(required = false) @Nullable String limit) {
        return Mono.fromCallable(() -> limit(limit)).flatMap(count -> service.list(count).collectList());
    }

    @PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a workflow",
            description = "It ends CANCELLED at once and no further step is submitted; its steps that are under way "
                    + "are cancelled as `POST /api/tasks/{id}/cancel` does (waiting ones never run, running ones are "
                    + "told to stop). Role `submit` for one's own workflows, `admin` for any.")
    @ApiResponse(responseCode = "202", description = "Cancelled; its running steps are being stopped")
    @ApiResponse(responseCode = "403", description = "Created by another caller",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such workflow",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "It has already finished",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<WorkflowView>> cancel(@PathVariable String id, ServerWebExchange exchange) {
        return Caller.of(exchange)
                .flatMap(caller -> service.cancel(id, caller))
                .map(view -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view));
    }

    private static int limit(@Nullable String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        int count;
        try {
            count = Integer.parseInt(limit);
        } catch (NumberFormatException notANumber) {
            count = 0;
        }
        if (count >= 1 && count <= MAX_LIMIT) {
            return count;
        }
        throw ApiProblem.invalid(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
    }
}
