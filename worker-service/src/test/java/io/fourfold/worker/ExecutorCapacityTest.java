package io.fourfold.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Slots are per executor: a backlog of CPU tasks waits for the platform pool without starving IO tasks, and
 * without bouncing through the queue (with {@code max-deliveries=1}, a single bounce would dead-letter it).
 */
@SpringBootTest(classes = WorkerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"fourfold.worker.slots.platform=1", "fourfold.worker.max-deliveries=1",
                "fourfold.worker.drain-timeout=100ms"})
@DirtiesContext
class ExecutorCapacityTest {

    @Autowired
    TaskTransport transport;
    @Autowired
    TaskStore store;

    @Test
    void aBusyCpuPoolHoldsItsBacklogAndLetsIoTasksThrough() {
        Tasks tasks = new Tasks(transport, store);
        List<String> primes = IntStream.range(0, 4).mapToObj(index -> tasks.submit("primes", "{\"upTo\": 10000000}"))
                .toList();
        String sleep = tasks.submit("sleep", "{\"millis\": 1}");

        TaskRecord slept = tasks.awaitState(sleep, TaskState.SUCCEEDED);
        // One after another on one slot of a machine that may be busy with other builds: patience for all four.
        List<TaskRecord> counted = primes.stream()
                .map(id -> tasks.awaitState(id, TaskState.SUCCEEDED, Duration.ofMinutes(3))).toList();

        assertThat(counted).allSatisfy(task -> {
            assertThat(task.result().path("count").asLong()).isEqualTo(664_579);
            assertThat(task.attempt()).isEqualTo(1);
            assertThat(task.executor()).isEqualTo(ExecutorKind.PLATFORM);
        });
        // One platform slot: the CPU tasks ran one after another, first come first served (each was started, that
        // is leased, on receipt, so startedAt tells when the worker took it, not when its handler began), and the
        // IO task did not wait for all of them.
        assertThat(slept.finishedAt()).isBefore(counted.stream().map(TaskRecord::finishedAt)
                .max(Comparator.naturalOrder()).orElseThrow());
        for (int index = 1; index < counted.size(); index++) {
            assertThat(counted.get(index).finishedAt()).isAfter(counted.get(index - 1).finishedAt());
        }
    }
}
