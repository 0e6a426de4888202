package io.fourfold.transport.redis;

import io.fourfold.schedule.MissedRunPolicy;
import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.ScheduleState;
import io.fourfold.schedule.ScheduledTask;
import io.fourfold.schedule.TaskSchedules;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules in the Redis store, for the Redis transport and for a foreign broker alike: each a hash (definition as
 * JSON, timing, paused flag, cursor) under {@code schedule:{name}}, their names in a set. A claim is a key per due time
 * that expires after its hold; the cursor moves by compare-and-set in a script, so no two processes move it from the
 * same place.
 */
final class RedisTaskSchedules implements TaskSchedules {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /**
     * Reader and writer made once, which resolves their (de)serializers here: made on first use, they take a lock
     * that an event-loop thread must not wait for.
     */
    private static final ObjectReader READER = JSON.readerFor(Stored.class);
    private static final ObjectWriter WRITER = JSON.writerFor(Stored.class);

    private final RedisTaskStore store;
    private final RedisKeys keys;
    private final RedisScripts scripts;

    RedisTaskSchedules(RedisTaskStore store) {
        this.store = store;
        this.keys = store.keys();
        this.scripts = store.scripts();
    }

    /** The stored form of a definition: plain strings, so that it reads the same whatever the mapper's defaults. */
    private record Stored(String name, @Nullable String cron, @Nullable String every, String zone, String missedRuns,
            String type, JsonNode payload, @Nullable String queue, @Nullable Integer priority,
            @Nullable Integer maxAttempts, @Nullable String timeout) {

        static Stored of(Schedule schedule) {
            ScheduledTask task = schedule.task();
            return new Stored(schedule.name(), schedule.cron(), text(schedule.every()), schedule.zone().getId(),
                    schedule.missedRuns().name(), task.type(), task.payload(), task.queue(), task.priority(),
                    task.maxAttempts(), text(task.timeout()));
        }

        Schedule schedule() {
            return new Schedule(name, cron, every == null ? null : Duration.parse(every), ZoneId.of(zone),
                    MissedRunPolicy.valueOf(missedRuns), new ScheduledTask(type, payload, queue, priority, maxAttempts,
                            timeout == null ? null : Duration.parse(timeout)));
        }

        private static @Nullable String text(@Nullable Duration duration) {
            return duration == null ? null : duration.toString();
        }
    }

    /** What decides the due times, in one string the put script compares. */
    private static String timing(Schedule schedule) {
        return Objects.requireNonNullElse(schedule.cron(), "") + "|" + Objects.toString(schedule.every(), "") + "|"
                + schedule.zone().getId();
    }

    @Override
    public Mono<Boolean> put(Schedule schedule, Instant now) {
        return scripts.schedulePut.number(List.of(keys.schedule(schedule.name()), keys.schedules()),
                        List.of(WRITER.writeValueAsString(Stored.of(schedule)), timing(schedule),
                                Long.toString(now.toEpochMilli()), schedule.name()))
                .map(created -> created == 1)
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<ScheduleState> get(String name) {
        return store.redis().<String, String>opsForHash().entries(keys.schedule(name))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(fields -> fields.containsKey("definition"))
                .map(RedisTaskSchedules::state)
                .onErrorMap(store::translate);
    }

    @Override
    public Flux<ScheduleState> list() {
        return store.redis().opsForSet().members(keys.schedules())
                .flatMap(this::get)
                .sort(Comparator.comparing(ScheduleState::name))
                .onErrorMap(store::translate);
    }

    private static ScheduleState state(Map<String, String> fields) {
        return new ScheduleState(READER.<Stored>readValue(fields.get("definition")).schedule(),
                "1".equals(fields.get("paused")), Instant.ofEpochMilli(Long.parseLong(fields.get("cursor"))));
    }

    @Override
    public Mono<Boolean> delete(String name) {
        return scripts.scheduleDelete.number(List.of(keys.schedule(name), keys.schedules()), List.of(name))
                .map(deleted -> deleted == 1)
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Boolean> pause(String name) {
        return scripts.scheduleState.number(List.of(keys.schedule(name)), List.of("pause", "0"))
                .map(found -> found == 1)
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Boolean> resume(String name, Instant now) {
        return scripts.scheduleState.number(List.of(keys.schedule(name)),
                        List.of("resume", Long.toString(now.toEpochMilli())))
                .map(found -> found == 1)
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Boolean> claim(String name, Instant due, String holder, Duration hold) {
        return scripts.scheduleClaim.number(List.of(keys.scheduleClaim(name, due.toEpochMilli())),
                        List.of(holder, Long.toString(Math.max(1, hold.toMillis()))))
                .map(claimed -> claimed == 1)
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Boolean> advance(String name, Instant expected, Instant next) {
        return scripts.scheduleAdvance.number(List.of(keys.schedule(name)),
                        List.of(Long.toString(expected.toEpochMilli()), Long.toString(next.toEpochMilli())))
                .map(moved -> moved == 1)
                .onErrorMap(store::translate);
    }
}
