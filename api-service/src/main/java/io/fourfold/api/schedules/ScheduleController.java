package io.fourfold.api.schedules;

import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.FieldError;
import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.TaskSchedules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Recurring schedules: create or replace, list with their next run times, pause, resume and delete. */
@RestController
@RequestMapping("/api/schedules")
@Tag(name = "Schedules")
class ScheduleController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final Pattern NAME = Pattern.compile(Schedule.NAME);
    private static final int DEFAULT_RUNS = 5;
    private static final int MAX_RUNS = 100;

    private final ScheduleService service;
    private final TaskSchedules schedules;
    private final Clock clock = Clock.systemUTC();

    ScheduleController(ScheduleService service, TaskSchedules schedules) {
        this.service = service;
        this.schedules = schedules;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Schedules and their next run",
            description = "Every schedule, sorted by name, with its next due time in `nextRuns`.")
    Mono<List<ScheduleView>> list() {
        return schedules.list().map(state -> ScheduleView.of(state, clock.instant(), 1)).collectList();
    }

    @GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A schedule and its next run times")
    @ApiResponse(responseCode = "200", description = "The schedule, with `runs` next due times")
    @ApiResponse(responseCode = "400", description = "Not a valid schedule name, or `runs` out of range",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such schedule",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ScheduleView> get(@PathVariable String name,
            @Parameter(description = "How many next due times to show, 1 to " + MAX_RUNS + "; default "
                    + DEFAULT_RUNS, schema = @Schema(type = "integer"))
            @RequestParam(required = false) @Nullable String runs) {
        return valid(name).flatMap(valid -> {
            int count = runs(runs);
            return service.get(valid).map(state -> ScheduleView.of(state, clock.instant(), count));
        });
    }

    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create or replace a schedule",
            description = """
                    At each due time of `cron` (in `zone`) or of `every`, the api submits the task as `POST \
                    /api/tasks` would, checked the same way now (a `422` for an unknown type, a `400` for a payload \
                    that does not match the type's schema). Every due time is submitted once, however many api \
                    replicas run. A replace keeps the schedule paused if it was, and keeps its place when the timing \
                    is unchanged. Role `admin`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ScheduleRequest.class),
                    examples = {
                        @ExampleObject(name = "cron", summary = "Weekdays at 9:30 in Paris",
                                value = """
                                        {"cron": "0 30 9 * * MON-FRI", "zone": "Europe/Paris", "type": "echo",
                                         "payload": {"report": "daily"}}"""),
                        @ExampleObject(name = "every", summary = "Every five minutes, missed runs dropped",
                                value = "{\"every\": \"PT5M\", \"missedRuns\": \"SKIP\", \"type\": \"sleep\", "
                                        + "\"payload\": {\"millis\": 100}}")})))
    @ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location",
            description = "/api/schedules/{name}"))
    @ApiResponse(responseCode = "200", description = "Replaced")
    @ApiResponse(responseCode = "400", description = "Invalid name, cron, every, zone, missedRuns or task field; "
            + "`errors` names each", content = @Content(mediaType = PROBLEM,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "Payload over `fourfold.api.max-payload-size`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unknown task type (the problem lists `knownTypes`)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<ScheduleView>> put(@PathVariable String name, @RequestBody ScheduleRequest request) {
        return service.put(name, request)
                .flatMap(created -> service.get(name).map(state -> {
                    ScheduleView view = ScheduleView.of(state, clock.instant(), DEFAULT_RUNS);
                    return created
                            ? ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/api/schedules/" + name))
                                    .body(view)
                            : ResponseEntity.ok(view);
                }));
    }

    @DeleteMapping(path = "/{name}")
    @Operation(summary = "Delete a schedule",
            description = "No due time is submitted after this answer (one being submitted right now may still be). "
                    + "A schedule declared in configuration comes back when an api starts. Role `admin`.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "400", description = "Not a valid schedule name",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such schedule",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> delete(@PathVariable String name) {
        return valid(name).flatMap(service::delete).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping(path = "/{name}/pause")
    @Operation(summary = "Pause a schedule",
            description = "Its due times are dropped until it is resumed, not caught up. Role `admin`.")
    @ApiResponse(responseCode = "204", description = "Paused (also when it already was)")
    @ApiResponse(responseCode = "400", description = "Not a valid schedule name",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such schedule",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> pause(@PathVariable String name) {
        return valid(name).flatMap(service::pause).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping(path = "/{name}/resume")
    @Operation(summary = "Resume a schedule",
            description = "It fires again from its next due time after now. Role `admin`.")
    @ApiResponse(responseCode = "204", description = "Resumed (also when it was not paused)")
    @ApiResponse(responseCode = "400", description = "Not a valid schedule name",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such schedule",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> resume(@PathVariable String name) {
        return valid(name).flatMap(service::resume).thenReturn(ResponseEntity.noContent().build());
    }

    private static Mono<String> valid(String name) {
        return NAME.matcher(name).matches() ? Mono.just(name)
                : Mono.error(ApiProblem.invalid(new FieldError("name", "must match " + Schedule.NAME)));
    }

    private static int runs(@Nullable String runs) {
        if (runs == null) {
            return DEFAULT_RUNS;
        }
        int count;
        try {
            count = Integer.parseInt(runs);
        } catch (NumberFormatException notANumber) {
            count = 0;
        }
        if (count >= 1 && count <= MAX_RUNS) {
            return count;
        }
        throw ApiProblem.invalid(new FieldError("runs", "must be a whole number from 1 to " + MAX_RUNS));
    }
}
