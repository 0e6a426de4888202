package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.schedule.ScheduleState;
import io.fourfold.schedule.TaskSchedules;
import io.fourfold.schedule.TaskSchedulesContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisTaskSchedulesIT extends TaskSchedulesContract {

    @RegisterExtension
    static final LocalRedis REDIS = new LocalRedis();

    private final RedisTaskStore store = REDIS.store();
    private final RedisTaskSchedules schedules = new RedisTaskSchedules(store);

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected TaskSchedules schedules() {
        return schedules;
    }

    @Test
    void aScheduleOutlivesTheStoreThatWroteIt() {
        String name = "restart-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        schedules.put(everyMinute(name), now).block();
        schedules.pause(name).block();

        try (RedisTaskStore restarted = REDIS.store()) {
            ScheduleState state = new RedisTaskSchedules(restarted).get(name).block();

            assertThat(state).isEqualTo(new ScheduleState(everyMinute(name), true, now));
        }
    }
}
