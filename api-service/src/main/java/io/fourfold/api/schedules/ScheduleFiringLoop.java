package io.fourfold.api.schedules;

import io.fourfold.api.security.Caller;
import io.fourfold.api.system.RepeatingPass;
import io.fourfold.api.submission.TaskRequest;
import io.fourfold.api.submission.TaskSubmissionService;
import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.ScheduledTask;
import io.fourfold.schedule.TaskSchedules;
import io.fourfold.transport.IdempotencyConflictException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;

/**
 * Runs a {@link ScheduleFiring} pass every {@code fourfold.scheduler.poll-interval} while the api runs (unless
 * {@code fourfold.scheduler.enabled=false}). Passes tick on a thread that may block, never on an event loop, and
 * never overlap. A due time's task is submitted through the same path as {@code POST /api/tasks}, by the caller
 * {@code schedule:<name>} (the tasks' owner), with the due time as its idempotency key.
 */
@Component
@EnableConfigurationProperties(SchedulerProperties.class)
class ScheduleFiringLoop extends RepeatingPass {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFiringLoop.class);

    private final TaskSubmissionService submissions;
    private final Clock clock = Clock.systemUTC();
    private final ScheduleFiring firing;

    ScheduleFiringLoop(TaskSchedules schedules, TaskSubmissionService submissions, SchedulerProperties properties,
            MeterRegistry meters) {
        super(properties.pollInterval(), properties.pollInterval(), properties.enabled(), log,
                "Schedules cannot be read; due times wait until they can", "Schedules are read again");
        this.submissions = submissions;
        this.firing = new ScheduleFiring(schedules, this::submit, properties, "api-" + UUID.randomUUID(), meters);
    }

    @Override
    protected Mono<Void> pass() {
        return firing.fireDue(clock.instant());
    }

    private Mono<ScheduleFiring.Fired> submit(Schedule schedule, Instant due) {
        Caller caller = new Caller("schedule:" + schedule.name(), true);
        return submissions.submit(List.of(request(schedule.task())), false, due.toString(), null, null, caller)
                .map(submitted -> submitted.replayed() ? ScheduleFiring.Fired.REPLAYED : ScheduleFiring.Fired.SUBMITTED)
                .onErrorResume(ScheduleFiringLoop::refusedForGood, refused -> {
                    log.warn("Schedule '{}' due at {}: its task was refused and is dropped: {}", schedule.name(), due,
                            refused instanceof ErrorResponseException problem
                                    ? problem.getBody().getDetail() : refused.getMessage());
                    return Mono.just(ScheduleFiring.Fired.REFUSED);
                });
    }

    /** A refusal a retry cannot change: a client error other than "too many" (a full queue), or a key conflict. */
    private static boolean refusedForGood(Throwable failure) {
        return failure instanceof IdempotencyConflictException
                || failure instanceof ErrorResponseException problem && problem.getStatusCode().is4xxClientError()
                        && problem.getStatusCode().value() != HttpStatus.TOO_MANY_REQUESTS.value();
    }

    /** The task as a submit sends it. */
    static TaskRequest request(ScheduledTask task) {
        return new TaskRequest(task.type(), task.payload(), task.queue(), task.priority(), null, null,
                task.maxAttempts(), task.timeout() == null ? null : task.timeout().toString());
    }
}
