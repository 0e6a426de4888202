package io.fourfold.api.limits;

import io.fourfold.api.operations.KnownTaskTypes;
import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.FieldError;
import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Limits per task type: how many run at once and how many start per period, across every worker. */
@RestController
@RequestMapping("/api/limits")
@Tag(name = "Limits")
class LimitController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final TaskLimits limits;
    private final KnownTaskTypes knownTypes;

    LimitController(TaskLimits limits, KnownTaskTypes knownTypes) {
        this.limits = limits;
        this.knownTypes = knownTypes;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Limits per task type",
            description = "Every type with limits, sorted by type, with how many of its tasks hold a concurrency slot "
                    + "now.")
    Mono<List<LimitView>> list() {
        return limits.list().map(LimitView::of).collectList();
    }

    @PutMapping(path = "/{type}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set the limits of a task type",
            description = """
                    Replaces the type's limits, for every worker within about a second. A task that its type's \
                    `concurrency` or `rate` holds back is not failed: it stays QUEUED and is delivered again a \
                    moment later (counted in `fourfold.tasks.deferred`), without counting against its deliveries. \
                    Role `admin`.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = LimitRequest.class),
                    examples = @ExampleObject(name = "both", summary = "5 at once, at most 10 starts a second",
                            value = "{\"concurrency\": 5, \"rate\": {\"permits\": 10, \"period\": \"PT1S\"}}"))))
    @ApiResponse(responseCode = "201", description = "Set; the type had no limits")
    @ApiResponse(responseCode = "200", description = "Replaced")
    @ApiResponse(responseCode = "400", description = "Neither limit given, or a wrong number or period; `errors` "
            + "names each", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unknown task type (the problem lists `knownTypes`)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<LimitView>> put(@PathVariable String type, @RequestBody LimitRequest request) {
        TypeLimits wanted = limitsOf(type, request);
        return knownTypes.current()
                .flatMap(known -> known.containsKey(type) ? limits.put(wanted)
                        : Mono.error(ApiProblem.unknownTaskType(
                                List.of(new FieldError("type", "unknown task type '" + type + "'")),
                                List.copyOf(known.keySet()))))
                .flatMap(created -> limits.list()
                        .filter(usage -> usage.limits().type().equals(type))
                        .next()
                        .map(usage -> ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                                .body(LimitView.of(usage))));
    }

    @DeleteMapping(path = "/{type}")
    @Operation(summary = "Remove the limits of a task type", description = "Role `admin`.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "404", description = "The type has no limits",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> delete(@PathVariable String type) {
        return limits.remove(type).flatMap(removed -> removed ? Mono.just(ResponseEntity.noContent().<Void>build())
                : Mono.error(ApiProblem.limitsNotFound(type)));
    }

    private static TypeLimits limitsOf(String type, LimitRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Integer concurrency = request.concurrency();
        if (concurrency != null && concurrency < 1) {
            errors.add(new FieldError("concurrency", "must be at least 1"));
        }
        TypeLimits.Rate rate = request.rate() == null ? null : rate(request.rate(), errors);
        if (concurrency == null && request.rate() == null) {
            errors.add(new FieldError("concurrency", "give concurrency, rate or both"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors.getFirst().field() + ": " + errors.getFirst().message(), errors);
        }
        return new TypeLimits(type, concurrency, rate);
    }

    private static TypeLimits.@Nullable Rate rate(LimitRequest.RateRequest request, List<FieldError> errors) {
        Integer permits = request.permits();
        boolean enoughPermits = permits != null && permits >= 1;
        if (!enoughPermits) {
            errors.add(new FieldError("rate.permits", "must be a whole number of at least 1"));
        }
        Duration period = period(request.period());
        if (period == null) {
            errors.add(new FieldError("rate.period", "must be an ISO-8601 duration of at least PT0.001S, such as PT1S"));
        }
        return enoughPermits && period != null ? new TypeLimits.Rate(permits, period) : null;
    }

    private static @Nullable Duration period(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            Duration period = Duration.parse(text);
            return period.compareTo(Duration.ofMillis(1)) < 0 ? null : period;
        } catch (DateTimeParseException malformed) {
            return null;
        }
    }
}
