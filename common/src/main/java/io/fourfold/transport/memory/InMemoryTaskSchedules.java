package io.fourfold.transport.memory;

import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.ScheduleState;
import io.fourfold.schedule.TaskSchedules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Schedules and their claims in maps; they live as long as the JVM, which is all one JVM needs. */
final class InMemoryTaskSchedules implements TaskSchedules {

    private final Clock clock;
    private final Map<String, ScheduleState> schedules = new ConcurrentHashMap<>();
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();

    InMemoryTaskSchedules(Clock clock) {
        this.clock = clock;
    }

    private record Claim(String holder, Instant until) {
    }

    @Override
    public Mono<Boolean> put(Schedule schedule, Instant now) {
        return Mono.fromSupplier(() -> {
            AtomicBoolean created = new AtomicBoolean();
            schedules.compute(schedule.name(), (name, current) -> {
                created.set(current == null);
                if (current == null) {
                    return new ScheduleState(schedule, false, now);
                }
                Instant cursor = current.schedule().sameTimingAs(schedule) ? current.cursor() : now;
                return new ScheduleState(schedule, current.paused(), cursor);
            });
            return created.get();
        });
    }

    @Override
    public Mono<ScheduleState> get(String name) {
        return Mono.fromSupplier(() -> schedules.get(name));
    }

    @Override
    public Flux<ScheduleState> list() {
        return Flux.defer(() -> Flux.fromIterable(schedules.values().stream()
                .sorted(Comparator.comparing(ScheduleState::name)).toList()));
    }

    @Override
    public Mono<Boolean> delete(String name) {
        return Mono.fromSupplier(() -> {
            claims.keySet().removeIf(key -> key.startsWith(name + "@"));
            return schedules.remove(name) != null;
        });
    }

    @Override
    public Mono<Boolean> pause(String name) {
        return Mono.fromSupplier(() -> schedules.computeIfPresent(name,
                (key, current) -> new ScheduleState(current.schedule(), true, current.cursor())) != null);
    }

    @Override
    public Mono<Boolean> resume(String name, Instant now) {
        return Mono.fromSupplier(() -> schedules.computeIfPresent(name, (key, current) -> current.paused()
                ? new ScheduleState(current.schedule(), false, now) : current) != null);
    }

    @Override
    public Mono<Boolean> claim(String name, Instant due, String holder, Duration hold) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            claims.values().removeIf(claim -> !claim.until().isAfter(now));
            Claim mine = new Claim(holder, now.plus(hold));
            Claim held = claims.merge(name + "@" + due.toEpochMilli(), mine,
                    (current, wanted) -> current.holder().equals(holder) ? wanted : current);
            return held == mine;
        });
    }

    @Override
    public Mono<Boolean> advance(String name, Instant expected, Instant next) {
        return Mono.fromSupplier(() -> {
            AtomicBoolean moved = new AtomicBoolean();
            schedules.computeIfPresent(name, (key, current) -> {
                if (!current.cursor().equals(expected)) {
                    return current;
                }
                moved.set(true);
                return new ScheduleState(current.schedule(), current.paused(), next);
            });
            return moved.get();
        });
    }
}
