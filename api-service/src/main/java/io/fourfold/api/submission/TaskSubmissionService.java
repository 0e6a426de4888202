package io.fourfold.api.submission;

import io.fourfold.api.operations.KnownTaskTypes;
import io.fourfold.api.security.Caller;
import io.fourfold.api.status.TaskView;
import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.ApiProperties;
import io.fourfold.api.system.FieldError;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskRecord;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.Submission;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Validates a submit, hands it to the transport in one call, and for {@code ?wait=} follows the task until it
 * ends or the wait is over. Purely reactive: a wait holds no thread. Schedules submit through it too.
 */
@Service
public class TaskSubmissionService {

    /** W3C trace context; anything else is dropped rather than passed on to workers. */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final TaskTransport transport;
    private final TaskStore store;
    private final KnownTaskTypes knownTypes;
    private final TaskRequestValidator validator;
    private final ApiProperties properties;
    private final QueueLimits queueLimits;
    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry meterRegistry;

    TaskSubmissionService(TaskTransport transport, TaskStore store, KnownTaskTypes knownTypes,
            TaskRequestValidator validator, ApiProperties properties, QueueLimits queueLimits,
            MeterRegistry meterRegistry) {
        this.transport = transport;
        this.meterRegistry = meterRegistry;
        this.store = store;
        this.knownTypes = knownTypes;
        this.validator = validator;
        this.properties = properties;
        this.queueLimits = queueLimits;
    }

    /**
     * Submits the items as one all-or-nothing request.
     *
     * @param wait how long to follow a single task for its end; {@code null} to answer at once
     */
    public Mono<Submitted> submit(List<@Nullable TaskRequest> items, boolean batch, @Nullable String idempotencyKey,
            @Nullable String traceparent, @Nullable Duration wait, Caller caller) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            return Mono.error(ApiProblem.invalid(new FieldError("Idempotency-Key",
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters")));
        }
        return knownTypes.including(typesOf(items))
                .map(known -> {
                    Instant now = clock.instant();
                    List<ResolvedTask> resolved = validator.validate(items, batch, known, now);
                    String trace = traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null;
                    IdempotencyKey key = idempotencyKey == null ? null : new IdempotencyKey(caller.idempotencyScope(),
                            idempotencyKey, RequestFingerprint.of(batch, resolved));
                    return new SubmitRequest(resolved.stream().map(task -> task.toNewTask(now, caller, trace)).toList(),
                            key);
                })
                .flatMap(request -> queueLimits.check(request.tasks().stream().map(NewTask::queue).distinct().toList())
                        .then(Mono.defer(() -> transport.submit(request))))
                .doOnNext(this::count)
                .flatMap(submission -> wait == null
                        ? Mono.just(new Submitted(submission.tasks(), submission.replayed(), submission.deduplicated()))
                        : awaitEnd(submission.tasks().getFirst(), wait).map(latest -> new Submitted(List.of(latest),
                                submission.replayed(), submission.deduplicated())));
    }

    /**
     * Checks a task as a submit would, storing nothing: the same {@code 400}, {@code 413} and {@code 422} problems.
     */
    public Mono<Void> check(TaskRequest request) {
        return knownTypes.including(typesOf(List.of(request)))
                .doOnNext(known -> validator.validate(List.of(request), false, known, clock.instant()))
                .then();
    }

    /**
     * Checks items as a batch submit would (the same {@code 400}, {@code 413}, {@code 422} and, for a full queue,
     * {@code 429} problems) and makes them tasks with their ids, owned by {@code caller}, storing nothing: for
     * callers that submit them later themselves, such as workflows.
     *
     * @param names         the prefix of item {@code i}'s fields in errors, e.g. {@code tasks[i].}
     * @param schemaChecked whether item {@code i}'s payload is checked against its type's schema now
     */
    public Mono<List<NewTask>> prepare(List<@Nullable TaskRequest> items, IntFunction<String> names,
            IntPredicate schemaChecked, @Nullable String traceparent, Caller caller) {
        return knownTypes.including(typesOf(items))
                .map(known -> {
                    Instant now = clock.instant();
                    String trace = traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : null;
                    return validator.validate(items, names, schemaChecked, known, now).stream()
                            .map(task -> task.toNewTask(now, caller, trace))
                            .toList();
                })
                .flatMap(tasks -> queueLimits.check(tasks.stream().map(NewTask::queue).distinct().toList())
                        .thenReturn(tasks));
    }

    /** The task types the items name, each once; the validator answers for items without one. */
    private static Set<String> typesOf(List<@Nullable TaskRequest> items) {
        Set<String> types = new HashSet<>();
        for (TaskRequest item : items) {
            if (item != null && item.type() != null) {
                types.add(item.type());
            }
        }
        return types;
    }

    /** Counts the tasks a submit made; a replayed idempotency key made none, a unique task under way stands for one. */
    private void count(Submission submission) {
        for (TaskRecord task : submission.made()) {
            Counter.builder("fourfold.tasks.submitted").description("Tasks accepted by the api")
                    .tags("queue", task.queue(), "type", task.type()).register(meterRegistry).increment();
        }
    }

    /** Parses {@code ?wait=}: an ISO-8601 duration from zero to {@code fourfold.api.max-wait}. */
    @Nullable Duration parseWait(@Nullable String wait) {
        if (wait == null) {
            return null;
        }
        Duration parsed;
        try {
            parsed = Duration.parse(wait);
        } catch (DateTimeParseException malformed) {
            throw ApiProblem.invalid(new FieldError("wait", "must be an ISO-8601 duration such as PT10S"));
        }
        if (parsed.isNegative() || parsed.compareTo(properties.maxWait()) > 0) {
            throw ApiProblem.invalid(new FieldError("wait", "must be from PT0S to " + properties.maxWait()
                    + " (fourfold.api.max-wait)"));
        }
        return parsed;
    }

    /** The task's latest record: terminal if it ended within {@code wait}, else as it stands when the wait ran out. */
    private Mono<TaskRecord> awaitEnd(TaskRecord submitted, Duration wait) {
        if (submitted.state().isTerminal()) {
            return Mono.just(submitted);
        }
        return store.follow(submitted.id())
                .take(wait)
                .takeUntil(task -> task.state().isTerminal())
                .last(submitted);
    }

    /**
     * The tasks a submit made or, for a replayed idempotency key, made before.
     *
     * @param replayed     the key was seen before: answered with {@code 200} and the earlier tasks
     * @param deduplicated ids of unique tasks under way that stand for tasks asked for (not made)
     */
    public record Submitted(List<TaskRecord> tasks, boolean replayed, Set<String> deduplicated) {

        /** A single submit whose task was not made: a unique task under way stands for it. */
        boolean isDeduplicated() {
            return deduplicated.contains(single().id());
        }

        List<TaskView> views() {
            return tasks.stream().map(TaskView::of).toList();
        }

        TaskRecord single() {
            return tasks.getFirst();
        }
    }
}
