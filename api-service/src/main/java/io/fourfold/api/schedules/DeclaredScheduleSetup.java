package io.fourfold.api.schedules;

import io.fourfold.api.system.DeclaredWrites;
import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.TaskSchedules;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates or replaces the schedules of {@code fourfold.schedules.*} once the api is ready. A wrong timing or payload
 * stops the start with the property named; their task types are checked when each due time is submitted, since
 * workers may register them only later. While the store cannot be reached the writes are tried again in the
 * background, backing off up to half a minute.
 */
@Component
@EnableConfigurationProperties(DeclaredSchedules.class)
class DeclaredScheduleSetup implements DisposableBean {

    private final TaskSchedules schedules;
    private final List<Schedule> declared;
    private final Clock clock = Clock.systemUTC();
    private volatile @Nullable Disposable writing;

    DeclaredScheduleSetup(TaskSchedules schedules, DeclaredSchedules properties) {
        this.schedules = schedules;
        this.declared = properties.schedules().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> schedule(entry.getKey(), entry.getValue())).toList();
    }

    @EventListener(ApplicationReadyEvent.class)
    void write() {
        writing = DeclaredWrites.start(
                Flux.fromIterable(declared).concatMap(schedule -> schedules.put(schedule, clock.instant())),
                "declared schedules", declared.stream().map(Schedule::name).toList());
    }

    @Override
    public void destroy() {
        Disposable running = writing;
        if (running != null) {
            running.dispose();
        }
    }

    private static Schedule schedule(String name, DeclaredSchedules.Declared declared) {
        String property = "fourfold.schedules." + name + ".";
        JsonNode payload;
        try {
            payload = JsonMapper.shared().readTree(declared.payload());
        } catch (JacksonException malformed) {
            throw new IllegalStateException(property + "payload must be JSON text: " + malformed.getOriginalMessage());
        }
        ScheduleRequest request = new ScheduleRequest(declared.cron(),
                declared.every() == null ? null : declared.every().toString(), declared.zone(), declared.missedRuns(),
                declared.type(), payload, declared.queue(), declared.priority(), declared.maxAttempts(),
                declared.timeout() == null ? null : declared.timeout().toString());
        try {
            return ScheduleService.schedule(name, request);
        } catch (ErrorResponseException invalid) {
            throw new IllegalStateException("Invalid declared schedule: " + property + invalid.getBody().getDetail());
        }
    }
}
