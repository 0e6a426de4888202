package io.fourfold.api.schedules;

import io.fourfold.api.security.Caller;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a {@link ScheduleFiring} pass every {@code fourfold.scheduler.poll-interval} while the api runs (unless
 * {@code fourfold.scheduler.enabled=false}). Passes tick on a thread that may block, never on an event loop, and
 * never overlap. A due time's task is submitted through the same path as {@code POST /api/tasks}, by the caller
 * {@code schedule:<name>} (the tasks' owner), with the due time as its idempotency key.
 */
@Component
@EnableConfigurationProperties(SchedulerProperties.class)
class ScheduleFiringLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduleFiringLoop.class);

    private final SchedulerProperties properties;
    private final TaskSubmissionService submissions;
    private final ScheduleFiring firing;
    private final Clock clock = Clock.systemUTC();
    private volatile @Nullable Disposable loop;
    private volatile boolean failing;

    ScheduleFiringLoop(TaskSchedules schedules, TaskSubmissionService submissions, SchedulerProperties properties,
            MeterRegistry meters) {
        this.properties = properties;
        this.submissions = submissions;
        this.firing = new ScheduleFiring(schedules, this::submit, properties, "api-" + UUID.randomUUID(), meters);
    }

    @Override
    public synchronized void start() {
        if (loop != null || !properties.enabled()) {
            return;
        }
        loop = Flux.interval(properties.pollInterval(), properties.pollInterval(), Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> firing.fireDue(clock.instant()).then(Mono.fromRunnable(this::recovered))
                        .onErrorResume(failure -> {
                            if (!failing) {
                                failing = true;
                                log.warn("Schedules cannot be read; due times wait until they can: {}",
                                        failure.toString());
                            }
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("Schedules are read again");
        }
    }

    @Override
    public synchronized void stop() {
        Disposable running = loop;
        loop = null;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
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
