package io.fourfold.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.awaitility.Awaitility.await;

import io.fourfold.client.BlockingFourfoldClient;
import io.fourfold.client.FourfoldClient;
import io.fourfold.client.FourfoldProblemException;
import io.fourfold.client.InvalidTaskException;
import io.fourfold.client.TaskFinishedException;
import io.fourfold.client.TaskNotFoundException;
import io.fourfold.client.TaskPage;
import io.fourfold.client.TaskQuery;
import io.fourfold.client.TaskRequest;
import io.fourfold.client.TaskState;
import io.fourfold.client.TaskType;
import io.fourfold.client.TaskView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The typed Java client against a live standalone on a random port: what an application that takes only the
 * {@code fourfold-client} jar can do.
 */
@SpringBootTest(classes = FourfoldStandalone.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.server.port=0",
                "fourfold.worker.backoff.base=50ms",
                "fourfold.worker.backoff.max=200ms"})
class FourfoldClientIT {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    FourfoldClient client;
    BlockingFourfoldClient blocking;

    record Sleep(long millis) {
    }

    record Echo(int x, String word) {
    }

    @BeforeEach
    void connect() {
        client = FourfoldClient.builder().baseUrl("http://localhost:" + port).build();
        blocking = client.blocking();
    }

    @Test
    void submitAnswersAcceptedAndTheTaskCanBeRead() {
        TaskView submitted = blocking.submit(TaskRequest.of("echo", new Echo(1, "one")).withPriority(7));

        assertThat(submitted.type()).isEqualTo("echo");
        assertThat(submitted.priority()).isEqualTo(7);
        await().atMost(PATIENCE).until(() -> blocking.get(submitted.id()).state() == TaskState.SUCCEEDED);
        assertThat(client.resultAs(blocking.get(submitted.id()), Echo.class)).isEqualTo(new Echo(1, "one"));
    }

    @Test
    void submitAndWaitOfAnEchoReturnsItsResult() {
        TaskView done = blocking.submitAndWait(TaskRequest.of("echo", new Echo(2, "two")), Duration.ofSeconds(10));

        assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(done.executor()).isEqualTo("EVENT_LOOP");
        assertThat(client.resultAs(done, Echo.class)).isEqualTo(new Echo(2, "two"));
    }

    @Test
    void submitAndWaitReturnsATaskThatIsStillRunningWhenTheWaitRunsOut() {
        TaskView running = blocking.submitAndWait(TaskRequest.of("sleep", new Sleep(30_000)), Duration.ofMillis(500));

        assertThat(running.isTerminal()).isFalse();
        blocking.cancel(running.id());
    }

    @Test
    void anIdempotentSubmitMakesOneTask() {
        String key = "client-it-" + UUID.randomUUID();
        TaskRequest request = TaskRequest.of("echo", Map.of("order", 42));

        TaskView first = blocking.submit(request, key);
        TaskView again = blocking.submit(request, key);

        assertThat(again.id()).isEqualTo(first.id());
    }

    @Test
    void aUniqueSubmitWhileOneWithTheKeyRunsIsAnsweredWithThatOne() {
        String key = "client:" + UUID.randomUUID();
        TaskRequest request = TaskRequest.of("sleep", new Sleep(2000)).withUnique(key);
        TaskView first = blocking.submit(request);
        TaskView second = blocking.submit(request);

        assertThat(first.unique()).isEqualTo(key);
        assertThat(second.id()).isEqualTo(first.id());
        TaskView trailing = blocking.submit(
                TaskRequest.of("echo").withUnique("other:" + key, TaskRequest.Unique.Mode.TRAILING));
        assertThat(trailing.unique()).isEqualTo("other:" + key);
    }

    @Test
    void theEventsOfASleepTaskGoFromQueuedToSucceededInOrder() {
        // Delayed, so the stream is open before the task is queued and sees every move.
        TaskView submitted = blocking.submit(TaskRequest.of("sleep", new Sleep(1500)).withDelay(Duration.ofSeconds(2)));

        List<TaskView> events = client.events(submitted.id()).collectList().block(PATIENCE);

        List<TaskState> states = events.stream().map(TaskView::state).distinct().toList();
        assertThat(states).containsSubsequence(TaskState.QUEUED, TaskState.RUNNING, TaskState.SUCCEEDED)
                .endsWith(TaskState.SUCCEEDED);
        assertThat(events).anySatisfy(event -> assertThat(event.progress()).isPositive());
        assertThat(events.getLast().result().path("sleptMillis").asLong()).isEqualTo(1500);
    }

    @Test
    void theEventsOfAFinishedTaskAreOneTerminalView() {
        TaskView done = blocking.submitAndWait(TaskRequest.of("echo", Map.of()), Duration.ofSeconds(10));

        assertThat(client.events(done.id()).map(TaskView::state).collectList().block(PATIENCE))
                .containsExactly(TaskState.SUCCEEDED);
    }

    @Test
    void cancellingARunningSleepEndsItCancelledAndASecondCancelIsTaskFinished() {
        TaskView submitted = blocking.submit(TaskRequest.of("sleep", new Sleep(30_000)));
        await().atMost(PATIENCE).until(() -> blocking.get(submitted.id()).state() == TaskState.RUNNING);

        blocking.cancel(submitted.id());

        TaskView last = client.events(submitted.id()).last().block(PATIENCE);
        assertThat(last.state()).isEqualTo(TaskState.CANCELLED);
        assertThatThrownBy(() -> blocking.cancel(submitted.id()))
                .asInstanceOf(type(TaskFinishedException.class))
                .satisfies(problem -> assertThat(problem.status()).isEqualTo(409));
    }

    @Test
    void aBatchComesBackInOrderAndCanBeListed() {
        String queue = "client-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<TaskView> batch = blocking.submitBatch(List.of(
                TaskRequest.of("echo", Map.of("i", 0)).withQueue(queue).withDelay(Duration.ofHours(1)),
                TaskRequest.of("echo", Map.of("i", 1)).withQueue(queue).withDelay(Duration.ofHours(1)),
                TaskRequest.of("primes", Map.of("upTo", 100)).withQueue(queue).withDelay(Duration.ofHours(1))));

        assertThat(batch).extracting(TaskView::type).containsExactly("echo", "echo", "primes");
        assertThat(batch).extracting(TaskView::state).containsOnly(TaskState.SCHEDULED);
        TaskPage page = blocking.list(TaskQuery.recent().withQueue(queue).withLimit(2));
        assertThat(page.tasks()).hasSize(2);
        assertThat(page.hasNext()).isTrue();
        TaskPage rest = blocking.list(TaskQuery.recent().withQueue(queue).withLimit(2).withCursor(page.nextCursor()));
        assertThat(rest.tasks()).hasSize(1);
        assertThat(rest.hasNext()).isFalse();
        batch.forEach(task -> blocking.cancel(task.id()));
    }

    @Test
    void anInvalidItemFailsTheWholeBatchNamingItsIndex() {
        assertThatThrownBy(() -> blocking.submitBatch(List.of(TaskRequest.of("echo"),
                TaskRequest.of("sleep", Map.of("millis", -1)))))
                .asInstanceOf(type(InvalidTaskException.class))
                .satisfies(problem -> assertThat(problem.errors())
                        .anySatisfy(error -> assertThat(error.field()).startsWith("[1].payload")));
    }

    @Test
    void anUnknownIdIsTaskNotFound() {
        assertThatThrownBy(() -> blocking.get("no-such-task"))
                .asInstanceOf(type(TaskNotFoundException.class))
                .satisfies(problem -> {
                    assertThat(problem.status()).isEqualTo(404);
                    assertThat(problem.type()).hasToString("/problems/task-not-found");
                });
        assertThatThrownBy(() -> client.events("no-such-task").blockLast(PATIENCE))
                .isInstanceOf(TaskNotFoundException.class);
    }

    @Test
    void aBadPayloadIsAnInvalidTaskNamingTheField() {
        assertThatThrownBy(() -> blocking.submit(TaskRequest.of("sleep", Map.of("millis", -1))))
                .asInstanceOf(type(InvalidTaskException.class))
                .satisfies(problem -> {
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.type()).hasToString("/problems/invalid-request");
                    assertThat(problem.errors()).extracting(FourfoldProblemException.FieldError::field)
                            .contains("payload.millis");
                });
    }

    @Test
    void anUnknownTypeIsAnInvalidTaskListingTheKnownOnes() {
        assertThatThrownBy(() -> blocking.submit(TaskRequest.of("slep")))
                .asInstanceOf(type(InvalidTaskException.class))
                .satisfies(problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.property("knownTypes").toString()).contains("echo", "sleep");
                });
    }

    @Test
    void theBuiltInTaskTypesAreListedWithTheirSchemas() {
        assertThat(blocking.taskTypes()).extracting(TaskType::type).contains("echo", "sleep", "primes", "flaky");
        assertThat(blocking.taskTypes()).filteredOn(type -> type.type().equals("sleep")).singleElement()
                .satisfies(sleep -> {
                    assertThat(sleep.executor()).isEqualTo("VIRTUAL");
                    assertThat(sleep.payloadSchema()).isNotNull();
                    assertThat(sleep.liveWorkers()).isPositive();
                });
    }
}
