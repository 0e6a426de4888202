package io.fourfold.api.operations;

import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.FieldError;
import io.fourfold.task.NewTask;
import io.fourfold.transport.TaskQueues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The queues: their figures, and pause/resume. */
@RestController
@RequestMapping("/api/queues")
@Tag(name = "Operations")
class QueueController {

    private static final Pattern QUEUE_NAME = Pattern.compile(NewTask.QUEUE_NAME);

    private final TaskQueues queues;

    QueueController(TaskQueues queues) {
        this.queues = queues;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Queues and their figures",
            description = "Every queue that holds tasks, has held some recently, or is paused, sorted by name. How "
                    + "exact each figure is depends on the backend (see the backend READMEs).")
    Mono<List<QueueView>> list() {
        return queues.stats().map(QueueView::of).sort(Comparator.comparing(QueueView::name)).collectList();
    }

    @PostMapping(path = "/{name}/pause")
    @Operation(summary = "Pause a queue",
            description = "Workers stop taking tasks from it within a second; running tasks finish; submits are still "
                    + "accepted and wait. Persisted in the store, so it outlasts restarts. Role `admin`.")
    @ApiResponse(responseCode = "204", description = "Paused (also when it already was)")
    @ApiResponse(responseCode = "400", description = "Not a valid queue name",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> pause(@PathVariable String name) {
        return valid(name).flatMap(queues::pause).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping(path = "/{name}/resume")
    @Operation(summary = "Resume a queue", description = "Workers take from it again within a second. Role `admin`.")
    @ApiResponse(responseCode = "204", description = "Resumed (also when it was not paused)")
    @ApiResponse(responseCode = "400", description = "Not a valid queue name",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> resume(@PathVariable String name) {
        return valid(name).flatMap(queues::resume).thenReturn(ResponseEntity.noContent().build());
    }

    private static Mono<String> valid(String name) {
        return QUEUE_NAME.matcher(name).matches() ? Mono.just(name)
                : Mono.error(ApiProblem.invalid(new FieldError("name", "must match " + QUEUE_NAME.pattern())));
    }
}
