package io.fourfold.transport.memory;

import io.fourfold.schedule.TaskSchedules;
import io.fourfold.schedule.TaskSchedulesContract;
import java.time.Clock;

class InMemoryTaskSchedulesTest extends TaskSchedulesContract {

    private final InMemoryTaskSchedules schedules = new InMemoryTaskSchedules(Clock.systemUTC());

    @Override
    protected TaskSchedules schedules() {
        return schedules;
    }
}
