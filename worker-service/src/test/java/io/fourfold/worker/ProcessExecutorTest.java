package io.fourfold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.worker.execution.TaskContext;
import io.fourfold.worker.execution.TaskHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The PROCESS executor runs each attempt in a child JVM: a crash there fails only that attempt, results, progress
 * and the handler's errors come back, and a timeout or a cancel kills the child.
 */
@SpringBootTest(classes = {WorkerServiceApplication.class, ProcessExecutorTest.Handlers.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"fourfold.worker.slots.process=2", "fourfold.worker.drain-timeout=100ms"})
@DirtiesContext
class ProcessExecutorTest {

    /** A child JVM starts in about a second on a quiet machine; a busy one needs more. */
    private static final Duration CHILD = Duration.ofMinutes(1);

    @Autowired
    TaskTransport transport;
    @Autowired
    TaskStore store;

    @Test
    void aCrashKillsOnlyItsChildAndTheWorkerServesTheNextTask() {
        Tasks tasks = new Tasks(transport, store);
        String crash = tasks.submit("crash", "{\"exitCode\": 3}");

        TaskRecord crashed = tasks.awaitState(crash, TaskState.FAILED, CHILD);
        assertThat(crashed.error().type()).isEqualTo("CHILD_EXITED");
        assertThat(crashed.error().message()).contains("exited with code 3");
        assertThat(crashed.executor()).isEqualTo(ExecutorKind.PROCESS);

        String next = tasks.submit("isolated.sum", "{\"upTo\": 100}");
        TaskRecord summed = tasks.awaitState(next, TaskState.SUCCEEDED, CHILD);
        assertThat(summed.result().path("sum").asLong()).isEqualTo(5050);
        assertThat(summed.result().path("pid").asLong()).as("ran in another process")
                .isNotEqualTo(ProcessHandle.current().pid());
        assertThat(summed.progress()).isEqualTo(1.0);
        assertThat(summed.progressMessage()).isEqualTo("added 100 numbers");
    }

    @Test
    void theHandlersErrorComesBackWithItsTypeAndRetryRules() {
        Tasks tasks = new Tasks(transport, store);
        String refused = tasks.submit("isolated.sum", "{\"upTo\": -1}");

        TaskRecord failed = tasks.awaitState(refused, TaskState.FAILED, CHILD);
        assertThat(failed.error().type()).isEqualTo("IllegalArgumentException");
        assertThat(failed.error().message()).isEqualTo("upTo must not be negative, was -1");
        assertThat(failed.attempt()).as("declared non-retryable, so no second attempt").isEqualTo(1);
    }

    @Test
    void aResultJacksonCannotWriteFailsAtOnceAsInTheWorker() {
        Tasks tasks = new Tasks(transport, store);
        String unwritable = tasks.submit("isolated.unwritable", "{}");

        TaskRecord failed = tasks.awaitState(unwritable, TaskState.FAILED, CHILD);
        assertThat(failed.error().type()).isEqualTo("RESULT_NOT_JSON");
        assertThat(failed.error().message()).startsWith("The result of isolated.unwritable cannot be written as JSON");
        assertThat(failed.attempt()).as("not worth a retry, so no second attempt").isEqualTo(1);
    }

    @Test
    void aTimeoutAndACancelKillTheChild() {
        Tasks tasks = new Tasks(transport, store);
        String timedOut = tasks.submit("isolated.hang", "{}", 1, Duration.ofSeconds(20), null, "default");
        String cancelled = tasks.submit("isolated.hang", "{}", 1, Duration.ofMinutes(5), null, "default");
        tasks.awaitState(cancelled, TaskState.RUNNING);
        await().atMost(CHILD).until(() -> children() >= 1);

        store.cancel(cancelled).block();

        assertThat(tasks.awaitState(cancelled, TaskState.CANCELLED).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(tasks.awaitState(timedOut, TaskState.FAILED, CHILD).error().type()).isEqualTo("TIMEOUT");
        await().atMost(Duration.ofSeconds(30)).until(() -> children() == 0);
    }

    private static long children() {
        return ProcessHandle.current().descendants()
                // The class path makes the command line long, and the JDK may read only its start.
                .filter(process -> process.info().commandLine()
                        .filter(line -> line.contains(" -Dfourfold.task-id=")).isPresent())
                .count();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Handlers {

        @Bean
        IsolatedHandlers isolatedHandlers() {
            return new IsolatedHandlers();
        }
    }

    /** Handlers a child process makes anew: a class with a constructor without arguments. */
    static class IsolatedHandlers {

        @TaskHandler(type = "isolated.sum", executor = ExecutorKind.PROCESS,
                nonRetryable = IllegalArgumentException.class)
        Sum sum(UpTo request, TaskContext context) {
            if (request.upTo() < 0) {
                throw new IllegalArgumentException("upTo must not be negative, was " + request.upTo());
            }
            long sum = 0;
            for (int number = 1; number <= request.upTo(); number++) {
                sum += number;
            }
            context.progress(1.0, "added " + request.upTo() + " numbers");
            return new Sum(sum, ProcessHandle.current().pid());
        }

        @TaskHandler(type = "isolated.unwritable", executor = ExecutorKind.PROCESS)
        Unwritable unwritable() {
            return new Unwritable("any");
        }

        /** Waits for a signal that never comes: a hang only killing the child ends. */
        @TaskHandler(type = "isolated.hang", executor = ExecutorKind.PROCESS)
        void hang() throws InterruptedException {
            new CountDownLatch(1).await();
        }
    }

    record UpTo(int upTo) {
    }

    record Sum(long sum, long pid) {
    }

    /** A result whose only property cannot be read, so Jackson cannot write it. */
    record Unwritable(String value) {
        @Override
        public String value() {
            throw new IllegalStateException("not readable");
        }
    }
}
