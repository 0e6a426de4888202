package io.fourfold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import java.time.Duration;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;

/** A paused queue keeps its tasks while the worker goes on with its other queues; resumed, they run. */
@SpringBootTest(classes = WorkerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "fourfold.worker.queues=reports,mail:2")
class QueuePauseTest {

    @Autowired
    TaskTransport transport;
    @Autowired
    TaskStore store;
    @Autowired
    TaskQueues queues;
    @Autowired
    @Qualifier("fourfoldWorkerHealthIndicator")
    HealthIndicator health;

    @Test
    void aPausedQueueIsNotReadUntilItIsResumed() {
        Tasks tasks = new Tasks(transport, store);
        queues.pause("reports").block();
        await().atMost(Tasks.PATIENCE).until(() -> pausedAsTheWorkerSeesIt().contains("reports"));

        String report = tasks.submit("echo", "{\"n\": 1}", 3, Duration.ofMinutes(1), null, "reports");
        String mail = tasks.submit("echo", "{\"n\": 2}", 3, Duration.ofMinutes(1), null, "mail");

        tasks.awaitState(mail, TaskState.SUCCEEDED);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> tasks.find(report).state() == TaskState.QUEUED);

        queues.resume("reports").block();
        tasks.awaitState(report, TaskState.SUCCEEDED);
        assertThat(pausedAsTheWorkerSeesIt()).isEmpty();
    }

    private Collection<?> pausedAsTheWorkerSeesIt() {
        return (Collection<?>) health.health().getDetails().get("paused");
    }
}
