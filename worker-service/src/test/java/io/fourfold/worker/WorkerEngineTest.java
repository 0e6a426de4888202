package io.fourfold.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.CancelResult;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** The worker as a user sees it: tasks submitted to the in-memory backend and the states they end in. */
@SpringBootTest(classes = WorkerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "fourfold.worker.backoff.base=20ms",
                "fourfold.worker.backoff.max=100ms",
                "fourfold.worker.drain-timeout=1s"})
@Import(WorkerEngineTest.Tampering.class)
class WorkerEngineTest {

    /** Time for the first attempt to wait, so a test can watch (or tamper with) the task before it runs. */
    private static final Duration SOON = Duration.ofMillis(500);

    @Autowired
    ApplicationContext context;
    @Autowired
    TaskStore store;
    @Autowired
    TamperingTransport transport;

    Tasks tasks;

    @BeforeEach
    void tasks() {
        tasks = new Tasks(transport, store);
    }

    @Test
    void registersEveryBuiltInTypeWithTheJsonSchemaOfItsPayload() {
        Map<String, TaskTypeInfo> types = await().atMost(Tasks.PATIENCE)
                .until(() -> store.taskTypes().collectMap(TaskTypeInfo::type).block(), found -> found.size() >= 5);

        assertThat(types).containsKeys("echo", "sleep", "primes", "flaky", "http.get");
        assertThat(types.get("echo").executor()).isEqualTo(ExecutorKind.EVENT_LOOP);
        assertThat(types.get("primes").executor()).isEqualTo(ExecutorKind.PLATFORM);
        assertThat(types.get("sleep").executor()).isEqualTo(ExecutorKind.VIRTUAL);
        TaskTypeInfo sleep = types.get("sleep");
        assertThat(sleep.maxAttempts()).isEqualTo(3);
        assertThat(sleep.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(sleep.payloadSchema().path("required").toString()).contains("millis");
        assertThat(sleep.payloadSchema().path("properties").path("millis").path("minimum").asLong()).isZero();
        assertThat(sleep.payloadSchema().path("properties").path("millis").path("maximum").asLong())
                .isEqualTo(86_400_000L);
        assertThat(types.get("http.get").payloadSchema().path("properties").path("url").path("pattern").asString())
                .isNotEmpty();
    }

    @Test
    void showsItselfInTheWorkerRegistry() {
        WorkerInfo worker = await().atMost(Tasks.PATIENCE).until(() -> store.workers().next().block(),
                found -> found != null);

        assertThat(worker.queues()).containsExactly("default");
        assertThat(worker.taskTypes()).contains("echo", "sleep", "primes", "flaky", "http.get");
        assertThat(worker.slots().get(ExecutorKind.VIRTUAL).size()).isEqualTo(1000);
        assertThat(worker.slots().get(ExecutorKind.EVENT_LOOP).size()).isEqualTo(1000);
        assertThat(worker.slots().get(ExecutorKind.PLATFORM).size())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(worker.pid()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void retriesAFailingTaskUntilAnAttemptSucceeds() {
        String id = tasks.submit("flaky", "{\"failures\": 2}", 3, Duration.ofMinutes(1), Instant.now().plus(SOON),
                "default");

        List<TaskState> states = tasks.statesUntilFinished(id);

        assertThat(states).contains(TaskState.RETRYING).endsWith(TaskState.SUCCEEDED);
        TaskRecord done = tasks.find(id);
        assertThat(done.attempt()).isEqualTo(3);
        assertThat(done.result().path("attempt").asInt()).isEqualTo(3);
    }

    @Test
    void failsATaskWhoseAttemptsRunOut() {
        String id = tasks.submit("flaky", "{\"failures\": 5}", 3, Duration.ofMinutes(1), null, "default");

        TaskRecord failed = tasks.awaitState(id, TaskState.FAILED);

        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.error().type()).isEqualTo("PlannedFailureException");
        assertThat(failed.error().message()).contains("Attempt 3 fails as planned");
    }

    @Test
    void failsAnInvalidPayloadAtOnceWithoutRetrying() {
        String negative = tasks.submit("sleep", "{\"millis\": -5}");
        String unreadable = tasks.submit("sleep", "{\"millis\": \"soon\"}");
        String missing = tasks.submit("primes", "{}");
        String notHttp = tasks.submit("http.get", "{\"url\": \"file:///etc/passwd\"}");

        for (String id : List.of(negative, unreadable, missing, notHttp)) {
            TaskRecord failed = tasks.awaitState(id, TaskState.FAILED);
            assertThat(failed.error().type()).isEqualTo(TaskError.VALIDATION);
            assertThat(failed.attempt()).isEqualTo(1);
        }
        assertThat(tasks.find(negative).error().message()).startsWith("millis:");
        assertThat(tasks.find(missing).error().message()).contains("upTo");
    }

    @Test
    void recordsAnAttemptThatRunsPastItsTimeoutAsTimeout() {
        String id = tasks.submit("sleep", "{\"millis\": 60000}", 1, Duration.ofMillis(300), null, "default");

        TaskRecord failed = tasks.awaitState(id, TaskState.FAILED);

        assertThat(failed.error().type()).isEqualTo(TaskError.TIMEOUT);
    }

    @Test
    void retriesATimedOutAttemptLikeAnyFailure() {
        String id = tasks.submit("sleep", "{\"millis\": 60000}", 2, Duration.ofMillis(300),
                Instant.now().plus(SOON), "default");

        List<TaskState> states = tasks.statesUntilFinished(id);

        assertThat(states).contains(TaskState.RETRYING).endsWith(TaskState.FAILED);
        assertThat(tasks.find(id).attempt()).isEqualTo(2);
        assertThat(tasks.find(id).error().type()).isEqualTo(TaskError.TIMEOUT);
    }

    @Test
    void aTaskCancelledWhileItWaitsNeverRuns() {
        String id = tasks.submit("sleep", "{\"millis\": 10}", 3, Duration.ofMinutes(1),
                Instant.now().plus(SOON), "default");

        CancelResult result = store.cancel(id).block();

        assertThat(result.outcome()).isEqualTo(CancelResult.Outcome.CANCELLED);
        await().during(SOON.multipliedBy(3)).atMost(SOON.multipliedBy(5)).untilAsserted(() -> {
            TaskRecord task = tasks.find(id);
            assertThat(task.state()).isEqualTo(TaskState.CANCELLED);
            assertThat(task.startedAt()).isNull();
            assertThat(task.attempt()).isZero();
        });
    }

    @Test
    void aRunningTaskStopsWithinMomentsOfItsCancel() {
        String id = tasks.submit("sleep", "{\"millis\": 30000}");
        tasks.awaitState(id, TaskState.RUNNING);

        Instant asked = Instant.now();
        assertThat(store.cancel(id).block().outcome()).isEqualTo(CancelResult.Outcome.SIGNALLED);
        TaskRecord cancelled = tasks.awaitState(id, TaskState.CANCELLED, Duration.ofSeconds(5));

        assertThat(cancelled.finishedAt()).isBefore(asked.plusSeconds(5));
        System.out.printf("Cancel of a running sleep took %d ms%n",
                Duration.between(asked, cancelled.finishedAt()).toMillis());
    }

    @Test
    void reportsProgressWhileItRuns() {
        String id = tasks.submit("sleep", "{\"millis\": 2500}");

        TaskRecord progressed = await().atMost(Tasks.PATIENCE).until(() -> tasks.find(id),
                task -> task.progress() > 0 && task.state() == TaskState.RUNNING);

        assertThat(progressed.progressMessage()).startsWith("slept 1000 of 2500 ms");
        TaskRecord done = tasks.awaitState(id, TaskState.SUCCEEDED);
        assertThat(done.result().path("sleptMillis").asLong()).isEqualTo(2500);
    }

    @Test
    void deadLettersAPoisonTaskWithTheReason() {
        String id = tasks.submit("echo", "{}", 3, Duration.ofMinutes(1), Instant.now().plus(SOON), "default");
        transport.poison(id);

        TaskRecord failed = tasks.awaitState(id, TaskState.FAILED);

        assertThat(failed.error().type()).isEqualTo(TaskError.POISON);
        assertThat(failed.error().message()).contains("100 times", "fourfold.worker.max-deliveries=5");
        assertThat(failed.startedAt()).isNull();
    }

    @Test
    void deadLettersAnEnvelopeItCannotRead() {
        String id = tasks.submit("echo", "{}", 3, Duration.ofMinutes(1), Instant.now().plus(SOON), "default");
        transport.unreadable(id);

        TaskRecord failed = tasks.awaitState(id, TaskState.FAILED);

        assertThat(failed.error().type()).isEqualTo(TaskError.UNSUPPORTED_SCHEMA);
        assertThat(failed.error().message()).contains("schema version 2");
    }

    @Test
    void deadLettersATypeNoHandlerServes() {
        String id = tasks.submit("no.such.type", "{}");

        TaskRecord failed = tasks.awaitState(id, TaskState.FAILED);

        assertThat(failed.error().type()).isEqualTo(TaskError.UNKNOWN_TYPE);
    }

    @Test
    void runsTheBuiltInTypes() {
        String echo = tasks.submit("echo", "{\"hello\": [1, 2, {\"deep\": true}]}");
        String primes = tasks.submit("primes", "{\"upTo\": 100}");

        assertThat(tasks.awaitState(echo, TaskState.SUCCEEDED).result().toString())
                .isEqualTo("{\"hello\":[1,2,{\"deep\":true}]}");
        TaskRecord counted = tasks.awaitState(primes, TaskState.SUCCEEDED);
        assertThat(counted.result().path("count").asLong()).isEqualTo(25);
        assertThat(counted.executor()).isEqualTo(ExecutorKind.PLATFORM);
    }

    @Test
    void refusesHttpGetToAnyHostByDefaultWithoutRetrying() {
        String id = tasks.submit("http.get", "{\"url\": \"http://127.0.0.1:9/\"}");

        TaskRecord failed = tasks.awaitState(id, TaskState.FAILED);

        assertThat(failed.attempt()).isEqualTo(1);
        assertThat(failed.error().message()).contains("fourfold.worker.http.allowed-hosts");
    }

    @Test
    void givesEverySlotBackWhenItsTasksAreDone() {
        List<String> ids = List.of(tasks.submit("primes", "{\"upTo\": 1000000}"),
                tasks.submit("sleep", "{\"millis\": 10}"), tasks.submit("echo", "1"));
        ids.forEach(id -> tasks.awaitState(id, TaskState.SUCCEEDED));

        await().atMost(Tasks.PATIENCE).untilAsserted(() -> assertThat(store.workers().next().block().slots()
                .values().stream().collect(Collectors.summingInt(WorkerInfo.Slots::busy))).isZero());
    }

    @Test
    void discardsTheResultOfAnAttemptWhoseLeaseWasTakenOver() {
        String id = tasks.submit("sleep", "{\"millis\": 3000}", 3, Duration.ofMinutes(1), Instant.now().plus(SOON),
                "default");
        transport.takeOver(id);
        tasks.awaitState(id, TaskState.RUNNING);

        // The new owner's work stands: this worker stops its attempt and writes nothing, not even after 3 s.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TaskRecord task = tasks.find(id);
            assertThat(task.state()).isEqualTo(TaskState.RUNNING);
            assertThat(task.result()).isNull();
        });
    }

    @Test
    void backsOffWhileTheBrokerIsDownAndCarriesOnWhenItIsBack() {
        HealthIndicator health = context.getBean("fourfoldWorkerHealthIndicator", HealthIndicator.class);
        transport.down(true);
        try {
            await().atMost(Tasks.PATIENCE).until(() -> health.health().getStatus(), Status.DOWN::equals);
            int before = transport.receives();
            // Backing off up to 5 s between tries: a handful of receives over 3 s, not a hot loop.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> transport.receives() - before < 15);
        } finally {
            transport.down(false);
        }

        String id = tasks.submit("echo", "\"back\"");
        assertThat(tasks.awaitState(id, TaskState.SUCCEEDED).result().asString()).isEqualTo("back");
        await().atMost(Tasks.PATIENCE).until(() -> health.health().getStatus(), Status.UP::equals);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Tampering {

        @Bean
        @Primary
        TamperingTransport tamperingTransport(@Qualifier("inMemoryTaskTransport") TaskTransport memory) {
            return new TamperingTransport(memory);
        }
    }
}
