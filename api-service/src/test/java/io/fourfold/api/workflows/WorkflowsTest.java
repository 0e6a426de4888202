package io.fourfold.api.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskIds;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/workflows} on the in-memory backend: every answer a client can get, and workflows that move on. There is
 * no worker here: the test runs each step through the SPI and the api's sweep (every 200 ms here) moves the workflow
 * on, as it does for a step that ended without a worker to advance it.
 */
class WorkflowsTest extends ApiTestSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private String task(String type, String payload) {
        return "{\"type\": \"" + type + "\", \"queue\": \"" + queue + "\""
                + (payload == null ? "" : ", \"payload\": " + payload) + "}";
    }

    private JsonNode create(String json) {
        JsonNode view = post("/api/workflows", json).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(view).isNotNull();
        return view;
    }

    private JsonNode view(String id) {
        return client.get().uri("/api/workflows/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Acts as the worker for the next step of this test's queue: ends it as {@code outcome}; answers its task id. */
    private String runNext(TaskOutcome outcome) {
        TaskLease lease = takeAndStart().block();
        assertThat(lease).as("a step was queued").isNotNull();
        transport.complete(lease, outcome).block();
        return lease.taskId();
    }

    private JsonNode awaitView(String id, String path, String expected) {
        return await().atMost(PATIENCE).until(() -> view(id), view -> expected.equals(view.at(path).asString()));
    }

    private WebTestClient.BodyContentSpec assertInvalid(String json, String field) {
        return assertInvalid(post("/api/workflows", json), field);
    }

    @Test
    void aChainStartsWithItsFirstStepAndShowsTheOthersPending() {
        post("/api/workflows", "{\"kind\": \"CHAIN\", \"tasks\": [" + task("echo", "{\"n\": 1}") + ", "
                + task("echo", null) + ", " + task("echo", null) + "]}")
                .expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/api/workflows/"))
                .expectBody()
                .jsonPath("$.kind").isEqualTo("CHAIN")
                .jsonPath("$.state").isEqualTo("RUNNING")
                .jsonPath("$.steps.length()").isEqualTo(3)
                .jsonPath("$.steps[0].state").isEqualTo("QUEUED")
                .jsonPath("$.steps[0].type").isEqualTo("echo")
                .jsonPath("$.steps[1].state").isEqualTo("PENDING")
                .jsonPath("$.counts.QUEUED").isEqualTo(1)
                .jsonPath("$.counts.PENDING").isEqualTo(2)
                .jsonPath("$.progress").isEqualTo(0.0)
                .jsonPath("$.callback").isEmpty()
                .jsonPath("$.result").isEmpty();
    }

    @Test
    void aChainHandsEachResultToTheNextStepAndEndsWithTheLast() {
        JsonNode chain = create("{\"kind\": \"CHAIN\", \"tasks\": [" + task("echo", "{\"n\": 1}") + ", "
                + task("sleep", null) + "]}");
        String id = chain.get("id").asString();
        String second = chain.at("/steps/1/taskId").asString();

        runNext(new TaskOutcome.Succeeded(JSON.readTree("{\"millis\": 7}")));
        awaitView(id, "/steps/1/state", "QUEUED");
        assertThat(store.find(second).block().payload()).isEqualTo(JSON.readTree("{\"millis\": 7}"));
        runNext(new TaskOutcome.Succeeded(JSON.readTree("{\"sleptMillis\": 7}")));

        JsonNode done = awaitView(id, "/state", "SUCCEEDED");
        assertThat(done.get("result")).isEqualTo(JSON.readTree("{\"sleptMillis\": 7}"));
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void aChainWhoseFirstStepFailsNeverSubmitsTheSecond() {
        JsonNode chain = create("{\"kind\": \"CHAIN\", \"tasks\": [" + task("echo", "{}") + ", "
                + task("echo", null) + "]}");

        runNext(new TaskOutcome.Failed(new TaskError("Boom", "failed on purpose")));

        JsonNode done = awaitView(chain.get("id").asString(), "/state", "FAILED");
        assertThat(done.at("/steps/0/error/type").asString()).isEqualTo("Boom");
        assertThat(done.at("/steps/1/state").asString()).isEqualTo("PENDING");
        assertThat(store.find(chain.at("/steps/1/taskId").asString()).blockOptional()).isEmpty();
    }

    @Test
    void aGroupsCallbackGetsTheArrayOfTheMembersResults() {
        JsonNode group = create("{\"kind\": \"GROUP\", \"tasks\": [" + task("echo", "{\"n\": 1}") + ", "
                + task("echo", "{\"n\": 2}") + ", " + task("echo", "{\"n\": 3}") + "], \"callback\": "
                + task("echo", null) + "}");
        String id = group.get("id").asString();
        assertThat(group.at("/counts/QUEUED").asInt()).isEqualTo(3);
        assertThat(group.at("/callback/state").asString()).isEqualTo("PENDING");

        IntStream.rangeClosed(1, 3).forEach(n -> runNext(new TaskOutcome.Succeeded(JSON.readTree("{\"r\": " + n + "}"))));
        awaitView(id, "/callback/state", "QUEUED");
        String callback = group.at("/callback/taskId").asString();
        assertThat(store.find(callback).block().payload())
                .isEqualTo(JSON.readTree("[{\"r\": 1}, {\"r\": 2}, {\"r\": 3}]"));
        runNext(new TaskOutcome.Succeeded(JSON.readTree("{\"sum\": 6}")));

        assertThat(awaitView(id, "/state", "SUCCEEDED").get("result")).isEqualTo(JSON.readTree("{\"sum\": 6}"));
    }

    @Test
    void aBatchShowsItsSharedProgressAndFailsWhenAMemberFailed() {
        JsonNode batch = create("{\"kind\": \"BATCH\", \"tasks\": [" + task("echo", "{\"n\": 1}") + ", "
                + task("echo", "{\"n\": 2}") + "]}");
        String id = batch.get("id").asString();

        runNext(new TaskOutcome.Succeeded(null));
        JsonNode half = view(id);
        assertThat(half.get("progress").asDouble()).isEqualTo(0.5);
        assertThat(half.at("/counts/SUCCEEDED").asInt()).isEqualTo(1);
        assertThat(half.at("/counts/QUEUED").asInt()).isEqualTo(1);
        assertThat(half.get("state").asString()).isEqualTo("RUNNING");
        runNext(new TaskOutcome.Failed(new TaskError("Boom", "failed on purpose")));

        JsonNode done = awaitView(id, "/state", "FAILED");
        assertThat(done.at("/counts/SUCCEEDED").asInt()).isEqualTo(1);
        assertThat(done.at("/counts/FAILED").asInt()).isEqualTo(1);
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aStepCancelledWhileQueuedMovesItsWorkflowOnThroughTheSweep() {
        JsonNode chain = create("{\"kind\": \"CHAIN\", \"tasks\": [" + task("echo", "{}") + ", "
                + task("echo", null) + "]}");

        client.post().uri("/api/tasks/{id}/cancel", chain.at("/steps/0/taskId").asString()).exchange()
                .expectStatus().isAccepted();

        awaitView(chain.get("id").asString(), "/state", "CANCELLED");
    }

    @Test
    void cancellingAWorkflowCancelsItsWaitingStepsAndASecondCancelIsA409() {
        JsonNode batch = create("{\"kind\": \"BATCH\", \"tasks\": [" + task("echo", "{}") + ", "
                + task("echo", "{}") + "]}");
        String id = batch.get("id").asString();

        client.post().uri("/api/workflows/{id}/cancel", id).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.state").isEqualTo("CANCELLED")
                .jsonPath("$.steps[0].state").isEqualTo("CANCELLED")
                .jsonPath("$.steps[1].state").isEqualTo("CANCELLED");
        client.post().uri("/api/workflows/{id}/cancel", id).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/workflow-finished");
    }

    @Test
    void theListIsNewestFirstAndLimited() {
        String first = create("{\"kind\": \"BATCH\", \"tasks\": [" + task("echo", "{}") + "]}").get("id").asString();
        String second = create("{\"kind\": \"BATCH\", \"tasks\": [" + task("echo", "{}") + "]}").get("id").asString();

        client.get().uri("/api/workflows?limit=2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].id").isEqualTo(second)
                .jsonPath("$[1].id").isEqualTo(first);
    }

    @Test
    void anUnknownOrMalformedIdIsA404() {
        for (String id : new String[] {TaskIds.next(), "not-an-id"}) {
            client.get().uri("/api/workflows/{id}", id).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("/problems/workflow-not-found");
            client.post().uri("/api/workflows/{id}/cancel", id).exchange()
                    .expectStatus().isNotFound()
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("/problems/workflow-not-found");
        }
    }

    @Test
    void aWrongKindIsA400NamingIt() {
        assertInvalid("{\"kind\": \"PIPELINE\", \"tasks\": [" + task("echo", "{}") + "]}", "kind");
        assertInvalid("{\"tasks\": [" + task("echo", "{}") + "]}", "kind");
    }

    @Test
    void noTasksOrMoreThanTheBatchLimitIsA400NamingTasks() {
        assertInvalid("{\"kind\": \"BATCH\", \"tasks\": []}", "tasks");
        assertInvalid("{\"kind\": \"BATCH\"}", "tasks");
        String six = IntStream.range(0, 6).mapToObj(i -> task("echo", "{}")).collect(Collectors.joining(", "));
        assertInvalid("{\"kind\": \"BATCH\", \"tasks\": [" + six + "]}", "tasks")
                .jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("at most 5"));
    }

    @Test
    void aCallbackBelongsToAGroupAndAGroupNeedsOne() {
        assertInvalid("{\"kind\": \"CHAIN\", \"tasks\": [" + task("echo", "{}") + "], \"callback\": "
                + task("echo", null) + "}", "callback");
        assertInvalid("{\"kind\": \"GROUP\", \"tasks\": [" + task("echo", "{}") + "]}", "callback");
    }

    @Test
    void aWrongTaskIsNamedByItsPlaceInTheWorkflow() {
        assertInvalid("{\"kind\": \"GROUP\", \"tasks\": [" + task("echo", "{}") + ", {\"type\": \"echo\", "
                + "\"priority\": 12}], \"callback\": {\"type\": \"echo\", \"timeout\": \"soon\"}}", "tasks[1].priority")
                .jsonPath("$.errors[1].field").isEqualTo("callback.timeout");
        assertInvalid("{\"kind\": \"BATCH\", \"tasks\": [null]}", "tasks[0]");
        assertInvalid("{\"kind\": \"BATCH\", \"tasks\": [" + task("sleep", "{\"millis\": -1}") + "]}",
                "tasks[0].payload.millis");
    }

    @Test
    void aUniqueStepIsA400NamingIt() {
        assertInvalid("{\"kind\": \"GROUP\", \"tasks\": [{\"type\": \"echo\", \"unique\": {\"key\": \"k\"}}], "
                + "\"callback\": {\"type\": \"echo\", \"unique\": {\"key\": \"k\"}}}", "tasks[0].unique")
                .jsonPath("$.errors[1].field").isEqualTo("callback.unique");
    }

    @Test
    void anUnknownTypeIsA422ListingTheKnownOnes() {
        post("/api/workflows", "{\"kind\": \"CHAIN\", \"tasks\": [" + task("echo", "{}") + ", "
                + task("slep", null) + "]}")
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/unknown-task-type")
                .jsonPath("$.errors[0].field").isEqualTo("tasks[1].type")
                .jsonPath("$.knownTypes").isArray();
    }

    @Test
    void aChainStepThatTakesThePreviousResultIsNotCheckedAgainstItsSchemaYet() {
        JsonNode chain = create("{\"kind\": \"CHAIN\", \"tasks\": [" + task("echo", "{\"millis\": 5}") + ", "
                + task("sleep", null) + "]}");

        assertThat(chain.get("state").asString()).isEqualTo("RUNNING");
        assertInvalid("{\"kind\": \"BATCH\", \"tasks\": [" + task("sleep", null) + "]}", "tasks[0].payload.millis");
    }

    @Test
    void aStepDueLaterWaitsInItsQueueAsATaskWould() {
        JsonNode batch = create("{\"kind\": \"BATCH\", \"tasks\": [{\"type\": \"echo\", \"queue\": \"" + queue
                + "\", \"delay\": \"PT1H\"}]}");

        assertThat(batch.at("/steps/0/state").asString()).isEqualTo("SCHEDULED");
    }

    @Test
    void aFullQueueIsA429() {
        // A queue of its own: the depth read is shared for a second, so a full queue would refuse the next test's tasks.
        String limited = "{\"type\": \"echo\", \"queue\": \"limited-workflows\", \"payload\": {}}";
        try {
            post("/api/tasks/batch", "[" + limited + ", " + limited + "]").expectStatus().isAccepted();

            // The depth read is up to a second old: workflows may still get through until it is read again.
            await().atMost(PATIENCE).untilAsserted(() ->
                    post("/api/workflows", "{\"kind\": \"BATCH\", \"tasks\": [" + limited + "]}")
                            .expectStatus().isEqualTo(429)
                            .expectHeader().exists("Retry-After")
                            .expectBody().jsonPath("$.type").isEqualTo("/problems/queue-full"));
        } finally {
            transport.receive(WORKER, List.of("limited-workflows"), 1000, Duration.ofSeconds(1)).block();
        }
    }
}
