package io.fourfold.api.status;

import io.fourfold.api.system.ApiProblem;
import io.fourfold.task.TaskIds;
import io.fourfold.transport.DeadLetterResult;
import io.fourfold.transport.TaskQueues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The dead letters: tasks that FAILED for good (attempts exhausted, non-retryable, poison, unknown type). */
@RestController
@RequestMapping("/api/dead-letters")
@Tag(name = "Dead letters")
class DeadLetterController {

    private final TaskStatusService tasks;
    private final TaskQueues queues;

    DeadLetterController(TaskStatusService tasks, TaskQueues queues) {
        this.tasks = tasks;
        this.queues = queues;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Dead letters, newest first",
            description = "The FAILED tasks still kept (`fourfold.store.dead-letter-retention`, 7 days by default), with "
                    + "their last error; paged like `GET /api/tasks`.")
    @ApiResponse(responseCode = "200", description = "One page of dead letters")
    @ApiResponse(responseCode = "400", description = "Limit out of range, or a cursor that is not a task id",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<TaskListView> list(
            @Parameter(description = "Only dead letters of this type") @RequestParam(required = false) @Nullable String type,
            @Parameter(description = "Only dead letters of this queue") @RequestParam(required = false) @Nullable String queue,
            @Parameter(description = "Page size, 1 to 500 (`fourfold.api.max-page-size`); default 50",
                    schema = @Schema(type = "integer")) @RequestParam(required = false) @Nullable String limit,
            @Parameter(description = "The `nextCursor` of the previous page") @RequestParam(required = false) @Nullable String cursor) {
        return tasks.list("FAILED", type, queue, limit, cursor);
    }

    @PostMapping(path = "/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Re-queue a dead letter",
            description = "The task goes back to its queue as QUEUED with a fresh set of attempts (`attempt` is 0 again); "
                    + "its id stays, so clients following it see it run again. Role `admin`.")
    @ApiResponse(responseCode = "202", description = "Queued again")
    @ApiResponse(responseCode = "404", description = "No such task",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The task is not FAILED",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<TaskView>> retry(@PathVariable String id) {
        return onDeadLetter(id, queues::retryDeadLetter)
                .map(result -> ResponseEntity.status(HttpStatus.ACCEPTED).body(TaskView.of(result.task())));
    }

    @DeleteMapping(path = "/{id}")
    @Operation(summary = "Drop a dead letter", description = "Its record and its dead-letter entry are deleted. Role `admin`.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such task",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The task is not FAILED",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> delete(@PathVariable String id) {
        return onDeadLetter(id, queues::deleteDeadLetter).map(deleted -> ResponseEntity.noContent().<Void>build());
    }

    /** A malformed id is answered like an unknown one, without asking the backend. */
    private static Mono<DeadLetterResult> onDeadLetter(String id, Function<String, Mono<DeadLetterResult>> action) {
        return Mono.just(id)
                .filter(TaskIds::isValid)
                .flatMap(action)
                .switchIfEmpty(Mono.error(() -> ApiProblem.taskNotFound(id)))
                .handle((result, sink) -> {
                    if (result.outcome() == DeadLetterResult.Outcome.NOT_DEAD) {
                        sink.error(ApiProblem.notADeadLetter(id, result.task().state().name()));
                    } else {
                        sink.next(result);
                    }
                });
    }
}
