package io.fourfold.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shutting a worker down loses nothing: short tasks finish, the rest go back to their queue. A worker stopped and
 * started again (a paused Spring context, as the test framework's context cache does) takes work as before.
 */
class DrainTest {

    @Test
    void finishesShortTasksAndHandsBackTheRestOnShutdown() {
        ConfigurableApplicationContext worker = new SpringApplicationBuilder(WorkerServiceApplication.class)
                .web(WebApplicationType.NONE)
                .run("--fourfold.worker.drain-timeout=3s");
        TaskStore store = worker.getBean(TaskStore.class);
        TaskTransport transport = worker.getBean(TaskTransport.class);
        Tasks tasks = new Tasks(transport, store);
        String shortTask = tasks.submit("sleep", "{\"millis\": 1500}");
        String longTask = tasks.submit("sleep", "{\"millis\": 120000}");
        tasks.awaitState(shortTask, TaskState.RUNNING);
        tasks.awaitState(longTask, TaskState.RUNNING);

        worker.close();

        assertThat(tasks.find(shortTask).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(tasks.find(longTask).state()).isEqualTo(TaskState.QUEUED);
        List<TaskDelivery> waiting = transport.receive("next-worker", List.of("default"), 10, Duration.ofSeconds(5))
                .block();
        assertThat(waiting).extracting(TaskDelivery::taskId).containsExactly(longTask);
        assertThat(store.workers().collectList().block()).isEmpty();
    }

    @Test
    void aWorkerStoppedAndStartedAgainRunsItsTasks() {
        try (ConfigurableApplicationContext worker = new SpringApplicationBuilder(WorkerServiceApplication.class)
                .web(WebApplicationType.NONE)
                .run()) {
            Tasks tasks = new Tasks(worker.getBean(TaskTransport.class), worker.getBean(TaskStore.class));
            worker.stop();
            worker.start();

            String task = tasks.submit("sleep", "{\"millis\": 100}");

            tasks.awaitState(task, TaskState.SUCCEEDED);
            assertThat(tasks.find(task).attempt()).isEqualTo(1);
        }
    }
}
