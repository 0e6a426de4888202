package io.fourfold.api.schedules;

import io.fourfold.api.submission.TaskSubmissionService;
import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.FieldError;
import io.fourfold.schedule.InvalidScheduleException;
import io.fourfold.schedule.MissedRunPolicy;
import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.ScheduleState;
import io.fourfold.schedule.ScheduledTask;
import io.fourfold.schedule.TaskSchedules;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads a schedule request into a {@link Schedule}, checks its task as a submit would, and keeps it through the
 * backend's {@link TaskSchedules}.
 */
@Service
class ScheduleService {

    private final TaskSchedules schedules;
    private final TaskSubmissionService submissions;
    private final Clock clock = Clock.systemUTC();

    ScheduleService(TaskSchedules schedules, TaskSubmissionService submissions) {
        this.schedules = schedules;
        this.submissions = submissions;
    }

    /** Creates or replaces a schedule after checking it and its task; answers whether it was created. */
    Mono<Boolean> put(String name, ScheduleRequest request) {
        return Mono.fromCallable(() -> schedule(name, request))
                .flatMap(schedule -> submissions.check(request.task())
                        .then(Mono.defer(() -> schedules.put(schedule, clock.instant()))));
    }

    /** The schedule, or a {@code 404}. */
    Mono<ScheduleState> get(String name) {
        return schedules.get(name).switchIfEmpty(Mono.error(() -> ApiProblem.scheduleNotFound(name)));
    }

    Mono<Void> delete(String name) {
        return found(name, schedules.delete(name));
    }

    Mono<Void> pause(String name) {
        return found(name, schedules.pause(name));
    }

    Mono<Void> resume(String name) {
        return found(name, Mono.defer(() -> schedules.resume(name, clock.instant())));
    }

    private static Mono<Void> found(String name, Mono<Boolean> done) {
        return done.flatMap(found -> found ? Mono.<Void>empty() : Mono.error(ApiProblem.scheduleNotFound(name)));
    }

    /**
     * The schedule the request describes, or a {@code 400} naming every wrong field of its timing; the task's own
     * fields are checked by {@link TaskSubmissionService#check}.
     */
    static Schedule schedule(String name, ScheduleRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Duration every = parse("every", request.every(), Duration::parse, "an ISO-8601 duration such as PT5M", errors);
        ZoneId zone = Objects.requireNonNullElse(parse("zone", request.zone(), ZoneId::of,
                "a time zone id such as UTC or Europe/Paris", errors), ZoneOffset.UTC);
        MissedRunPolicy missedRuns = Objects.requireNonNullElse(parse("missedRuns", request.missedRuns(),
                MissedRunPolicy::valueOf, "SKIP or CATCH_UP_ONCE", errors), MissedRunPolicy.CATCH_UP_ONCE);
        Duration timeout = parse("timeout", request.timeout(), Duration::parse, "an ISO-8601 duration such as PT1M",
                errors);
        if (request.type() == null || request.type().isBlank()) {
            errors.add(new FieldError("type", "is required"));
        }
        Schedule schedule = null;
        if (errors.isEmpty()) {
            try {
                schedule = new Schedule(name, request.cron(), every, zone, missedRuns, new ScheduledTask(
                        Objects.requireNonNull(request.type()), payloadOf(request), request.queue(),
                        request.priority(), request.maxAttempts(), timeout));
            } catch (InvalidScheduleException invalid) {
                errors.add(new FieldError(invalid.field(), invalid.reason()));
            }
        }
        if (schedule == null) {
            throw ApiProblem.invalid(errors.getFirst().field() + ": " + errors.getFirst().message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
        return schedule;
    }

    /** The parsed value, {@code null} when absent; a value the parser refuses adds an error naming the field. */
    private static <T> @Nullable T parse(String field, @Nullable String text, Function<String, T> parser,
            String expected, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (DateTimeException | IllegalArgumentException wrong) {
            errors.add(new FieldError(field, "must be " + expected));
            return null;
        }
    }

    private static JsonNode payloadOf(ScheduleRequest request) {
        return request.payload() == null ? JsonNodeFactory.instance.objectNode() : request.payload();
    }
}
