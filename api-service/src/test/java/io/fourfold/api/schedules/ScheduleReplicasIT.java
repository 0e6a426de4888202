package io.fourfold.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.api.ApiReplicas;
import io.fourfold.schedule.Schedule;
import io.fourfold.schedule.ScheduleState;
import io.fourfold.schedule.TaskSchedules;
import io.fourfold.task.TaskRecord;
import io.fourfold.transport.TaskPage;
import io.fourfold.transport.TaskQuery;
import io.fourfold.transport.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

/**
 * Two api replicas on one Redis (one key prefix, new per run) fire a schedule due every second: every due time from
 * the first to the last becomes exactly one task, with no duplicate and no gap, whichever replica claimed it.
 */
class ScheduleReplicasIT {

    private static final int DUE_TIMES = 20;

    @RegisterExtension
    static final ApiReplicas replicas = new ApiReplicas();

    @Test
    void aScheduleEverySecondOnTwoReplicasSubmitsEachDueTimeOnce() {
        ConfigurableApplicationContext first = replica();
        ConfigurableApplicationContext second = replica();
        String queue = "every-second-" + UUID.randomUUID();
        ApiReplicas.client(first).put().uri("/api/schedules/every-second")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"every\": \"PT1S\", \"type\": \"echo\", \"queue\": \"" + queue + "\"}")
                .exchange().expectStatus().isCreated();
        TaskSchedules schedules = first.getBean(TaskSchedules.class);
        TaskStore store = first.getBean(TaskStore.class);
        Instant created = schedules.get("every-second").block(Duration.ofSeconds(30)).cursor();

        await().atMost(Duration.ofMinutes(2)).until(() -> tasks(store, queue).size() >= DUE_TIMES);
        ApiReplicas.client(second).post().uri("/api/schedules/every-second/pause").exchange()
                .expectStatus().isNoContent();

        // Passes that read the schedule before the pause may still finish a due time: wait until every due time
        // the cursor has passed is a task, and no task is left over.
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            ScheduleState state = schedules.get("every-second").block(Duration.ofSeconds(30));
            List<Instant> due = dueTimes(state.schedule(), created, state.cursor());
            List<TaskRecord> tasks = tasks(store, queue);
            assertThat(tasks).as("one task per due time up to the cursor").hasSameSizeAs(due);
            assertThat(due.size()).isGreaterThanOrEqualTo(DUE_TIMES);
            List<Instant> submittedAt = tasks.stream().map(TaskRecord::createdAt).sorted().toList();
            for (int i = 0; i < due.size(); i++) {
                assertThat(submittedAt.get(i)).as("the %d. task is not older than the %d. due time", i, i)
                        .isAfterOrEqualTo(due.get(i));
            }
        });
    }

    private static List<Instant> dueTimes(Schedule schedule, Instant after, Instant upTo) {
        List<Instant> due = new ArrayList<>();
        for (Instant next = schedule.nextAfter(after); next != null && !next.isAfter(upTo);
                next = schedule.nextAfter(next)) {
            due.add(next);
        }
        return due;
    }

    private static List<TaskRecord> tasks(TaskStore store, String queue) {
        List<TaskRecord> tasks = new ArrayList<>();
        String cursor = null;
        do {
            TaskPage page = store.list(new TaskQuery(null, null, queue, 500, cursor)).block(Duration.ofSeconds(30));
            tasks.addAll(page.tasks());
            cursor = page.nextCursor();
        } while (cursor != null);
        tasks.sort(Comparator.comparing(TaskRecord::createdAt));
        return tasks;
    }

    /** An api replica on the Redis backend that fires schedules; {@code echo} is declared, so no worker is needed. */
    private static ConfigurableApplicationContext replica() {
        return replicas.start("--fourfold.api.rate-limit.enabled=false", "--fourfold.api.task-types=echo");
    }
}
