package io.fourfold.api.status;

import io.fourfold.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reading, following and cancelling tasks. */
@RestController
@RequestMapping("/api/tasks")
@Tag(name = "Tasks")
class TaskStatusController {

    private final TaskStatusService tasks;

    TaskStatusController(TaskStatusService tasks) {
        this.tasks = tasks;
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One task", description = "The task's current view. A malformed id is answered like an unknown one.")
    @ApiResponse(responseCode = "200", description = "The task")
    @ApiResponse(responseCode = "404", description = "No such task",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<TaskView> task(@PathVariable String id) {
        return tasks.find(id);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Recent tasks, newest first",
            description = "Paged with `limit` and `cursor`: pass the `nextCursor` of one page as `cursor` to get the next; "
                    + "`nextCursor` is null on the last page. Filters combine with AND.")
    @ApiResponse(responseCode = "200", description = "One page of tasks")
    @ApiResponse(responseCode = "400", description = "Unknown state, limit out of range, or a cursor that is not a task id",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<TaskListView> list(
            @Parameter(description = "Only tasks in this state", schema = @Schema(allowableValues = {"SCHEDULED", "QUEUED",
                    "RUNNING", "RETRYING", "SUCCEEDED", "FAILED", "CANCELLED"}))
            @RequestParam(required = false) @Nullable String state,
            @Parameter(description = "Only tasks of this type") @RequestParam(required = false) @Nullable String type,
            @Parameter(description = "Only tasks in this queue") @RequestParam(required = false) @Nullable String queue,
            @Parameter(description = "Page size, 1 to 500 (`fourfold.api.max-page-size`); default 50",
                    schema = @Schema(type = "integer")) @RequestParam(required = false) @Nullable String limit,
            @Parameter(description = "The `nextCursor` of the previous page") @RequestParam(required = false) @Nullable String cursor) {
        return tasks.list(state, type, queue, limit, cursor);
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a task (Server-Sent Events)",
            description = "First the current view (a snapshot), then a view on every state change and progress update. "
                    + "Each event is named `task` and its `id` is the record's version, which only grows. The stream closes "
                    + "after a terminal state (SUCCEEDED, FAILED, CANCELLED), at once if the task has already finished. "
                    + "While nothing happens, a comment line is sent every 15 s (`fourfold.api.event-heartbeat`) to keep "
                    + "proxies from closing the connection. Unknown ids are a `404` problem before the stream starts.")
    @ApiResponse(responseCode = "200", description = "The event stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(implementation = TaskView.class)))
    @ApiResponse(responseCode = "404", description = "No such task",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Flux<ServerSentEvent<TaskView>>>> events(@PathVariable String id) {
        return tasks.events(id).map(events -> ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(events));
    }

    @PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a task",
            description = "A waiting task (SCHEDULED, QUEUED, RETRYING) becomes CANCELLED at once and never runs. A running "
                    + "task is signalled: its worker interrupts the attempt and records CANCELLED (cooperative: the view "
                    + "returned may still say RUNNING; follow the events to see the end). With auth on, a `submit` "
                    + "caller may cancel only the tasks it submitted; an `admin` may cancel any.")
    @ApiResponse(responseCode = "202", description = "Cancelled, or the cancel was signalled to the running worker")
    @ApiResponse(responseCode = "403", description = "The task belongs to another caller (or the role is `read`)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such task",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The task has already finished",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<TaskView>> cancel(@PathVariable String id, ServerWebExchange exchange) {
        return Caller.of(exchange)
                .flatMap(caller -> tasks.cancel(id, caller))
                .map(view -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view));
    }
}
