package io.fourfold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskState;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskQuery;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/** One worker holds a thousand blocking tasks at once: a virtual thread each, no platform thread per task. */
@SpringBootTest(classes = WorkerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "fourfold.worker.drain-timeout=100ms")
@DirtiesContext
class VirtualThreadConcurrencyTest {

    private static final int TASKS = 1_000;

    @Autowired
    TaskTransport transport;
    @Autowired
    TaskStore store;

    @Test
    void runsAThousandSleepsAtTheSameTime() {
        JsonMapper mapper = JsonMapper.builder().build();
        List<NewTask> sleeps = IntStream.range(0, TASKS)
                .mapToObj(index -> new NewTask(TaskIds.next(), "sleep", "default", 0,
                        mapper.readTree("{\"millis\": 120000}"), null, 1, Duration.ofMinutes(5), null, null))
                .toList();
        transport.submit(new SubmitRequest(sleeps, null)).block();

        int running = await().atMost(Duration.ofSeconds(90)).until(this::runningSleeps, count -> count == TASKS);

        assertThat(running).isEqualTo(TASKS);
        System.out.printf("%d sleep tasks RUNNING at once in one worker%n", running);
    }

    private int runningSleeps() {
        return store.list(new TaskQuery(TaskState.RUNNING, "sleep", null, TASKS * 2, null)).block().tasks().size();
    }
}
