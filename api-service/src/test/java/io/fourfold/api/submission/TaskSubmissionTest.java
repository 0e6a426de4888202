package io.fourfold.api.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class TaskSubmissionTest extends ApiTestSupport {

    private WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.title").exists()
                .jsonPath("$.type").exists()
                .jsonPath("$.detail").exists();
    }

    private String task(String fields) {
        return "{\"type\": \"sleep\", \"queue\": \"" + queue + "\", \"payload\": {\"millis\": 10}" + fields + "}";
    }

    @Test
    void submitAnswers202WithLocationAndTheFullView() {
        post("/api/tasks", task(""))
                .expectStatus().isAccepted()
                .expectHeader().value("Location", startsWith("/api/tasks/"))
                .expectBody()
                .jsonPath("$.id").isNotEmpty()
                .jsonPath("$.type").isEqualTo("sleep")
                .jsonPath("$.queue").isEqualTo(queue)
                .jsonPath("$.state").isEqualTo("QUEUED")
                .jsonPath("$.priority").isEqualTo(0)
                .jsonPath("$.attempt").isEqualTo(0)
                .jsonPath("$.maxAttempts").isEqualTo(4)
                .jsonPath("$.createdAt").isNotEmpty()
                .jsonPath("$.runAt").isNotEmpty()
                .jsonPath("$.startedAt").value(nullValue())
                .jsonPath("$.progress").isEqualTo(0.0);
        JsonNode view = post("/api/tasks", task("")).expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(view).isNotNull();
        assertThat(view.propertyNames()).containsExactlyInAnyOrder("id", "type", "queue", "state", "priority",
                "attempt", "maxAttempts", "createdAt", "runAt", "startedAt", "finishedAt", "progress",
                "progressMessage", "result", "error", "worker", "executor", "unique");
        assertThat(view.get("startedAt").isNull()).isTrue();
        assertThat(Instant.parse(view.get("createdAt").asString())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void defaultsComeFromTheTypeRegistrationThenFromConfiguration() {
        post("/api/tasks", "{\"type\": \"sleep\", \"payload\": {\"millis\": 1}}").expectStatus().isAccepted()
                .expectBody().jsonPath("$.queue").isEqualTo("sleepers").jsonPath("$.maxAttempts").isEqualTo(4);
        post("/api/tasks", "{\"type\": \"declared-only\", \"payload\": {\"anything\": [1, 2]}}").expectStatus().isAccepted()
                .expectBody().jsonPath("$.queue").isEqualTo("default").jsonPath("$.maxAttempts").isEqualTo(3);
    }

    @Test
    void aDelayedTaskIsScheduled() {
        post("/api/tasks", task(", \"delay\": \"PT1H\", \"priority\": 9")).expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").isEqualTo("SCHEDULED").jsonPath("$.priority").isEqualTo(9);
        post("/api/tasks", task(", \"runAt\": \"2000-01-01T00:00:00Z\"")).expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").isEqualTo("QUEUED");
    }

    @Test
    void theSameIdempotencyKeyAndBodyAnswersTheSameTaskWith200() {
        String key = "key-" + queue;
        JsonNode first = client.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(task("")).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        // The same request laid out differently, with a default spelled out, is the same request.
        String sameRequest = "{\"priority\": 0, \"payload\": {\"millis\": 10}, \"queue\": \"" + queue + "\", \"type\": \"sleep\"}";
        client.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(sameRequest).exchange()
                .expectStatus().isOk()
                .expectHeader().value("Location", startsWith("/api/tasks/"))
                .expectBody().jsonPath("$.id").isEqualTo(first.get("id").asString());
        assertThat(tasksInQueue()).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherBodyIs422() {
        String key = "key-" + queue;
        client.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(task("")).exchange().expectStatus().isAccepted();
        problem(client.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(task(", \"priority\": 3")).exchange(), 422)
                .jsonPath("$.type").isEqualTo("/problems/idempotency-conflict");
        assertThat(tasksInQueue()).isEqualTo(1);
    }

    @Test
    void anUnknownTypeIs422NamingTheKnownTypes() {
        problem(post("/api/tasks", "{\"type\": \"slep\", \"queue\": \"" + queue + "\"}"), 422)
                .jsonPath("$.type").isEqualTo("/problems/unknown-task-type")
                .jsonPath("$.detail").value(containsString("sleep"))
                .jsonPath("$.knownTypes").value(hasItem("declared-only"))
                .jsonPath("$.errors[0].field").isEqualTo("type");
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void aPayloadThatBreaksTheSchemaIs400NamingThePayloadFields() {
        problem(post("/api/tasks", "{\"type\": \"sleep\", \"queue\": \"" + queue + "\", \"payload\": {\"milis\": 5}}"), 400)
                .jsonPath("$.errors[*].field").value(hasItem("payload.millis"))
                .jsonPath("$.errors[*].field").value(hasItem("payload"));
        problem(post("/api/tasks", task("").replace("\"millis\": 10", "\"millis\": -1")), 400)
                .jsonPath("$.errors[0].field").isEqualTo("payload.millis");
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void malformedJsonIs400() {
        problem(post("/api/tasks", "{\"type\": \"sleep\", "), 400).jsonPath("$.type").isEqualTo("/problems/invalid-request");
        problem(post("/api/tasks", "[1, 2"), 400);
        problem(post("/api/tasks", ""), 400);
        problem(client.post().uri("/api/tasks").contentType(MediaType.TEXT_PLAIN).bodyValue("echo").exchange(), 415);
    }

    @Test
    void wrongFieldTypesAndUnknownFieldsAre400NamingTheField() {
        problem(post("/api/tasks", task(", \"priority\": \"high\"")), 400).jsonPath("$.errors[0].field").isEqualTo("priority");
        problem(post("/api/tasks", task(", \"priority\": \"5\"")), 400).jsonPath("$.errors[0].field").isEqualTo("priority");
        problem(post("/api/tasks", task(", \"maxAttempts\": 1.5")), 400).jsonPath("$.errors[0].field").isEqualTo("maxAttempts");
        problem(post("/api/tasks", task(", \"dealy\": \"PT1S\"")), 400).jsonPath("$.errors[0].field").isEqualTo("dealy");
        problem(post("/api/tasks", "{\"type\": [\"sleep\"]}"), 400).jsonPath("$.errors[0].field").isEqualTo("type");
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void badFieldValuesAre400NamingEachField() {
        problem(post("/api/tasks", task(", \"delay\": \"10 seconds\", \"timeout\": \"soon\", \"runAt\": \"tomorrow\"")), 400)
                .jsonPath("$.errors[*].field").value(hasItem("delay"))
                .jsonPath("$.errors[*].field").value(hasItem("timeout"))
                .jsonPath("$.errors[*].field").value(hasItem("runAt"));
        problem(post("/api/tasks", task(", \"delay\": \"PT1S\", \"runAt\": \"2030-01-01T00:00:00Z\"")), 400)
                .jsonPath("$.errors[0].field").isEqualTo("runAt");
        problem(post("/api/tasks", task(", \"priority\": 10")), 400).jsonPath("$.errors[0].field").isEqualTo("priority");
        problem(post("/api/tasks", task(", \"maxAttempts\": 0")), 400).jsonPath("$.errors[0].field").isEqualTo("maxAttempts");
        problem(post("/api/tasks", task(", \"maxAttempts\": 1000")), 400).jsonPath("$.errors[0].field").isEqualTo("maxAttempts");
        problem(post("/api/tasks", task(", \"timeout\": \"PT0S\"")), 400).jsonPath("$.errors[0].field").isEqualTo("timeout");
        problem(post("/api/tasks", task(", \"timeout\": \"PT48H\"")), 400).jsonPath("$.errors[0].field").isEqualTo("timeout");
        problem(post("/api/tasks", task(", \"delay\": \"-PT1S\"")), 400).jsonPath("$.errors[0].field").isEqualTo("delay");
        problem(post("/api/tasks", "{\"payload\": {}}"), 400).jsonPath("$.errors[0].field").isEqualTo("type");
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void unsafeQueueNamesAre400() {
        for (String name : new String[] {"a b", "../etc", "q:1", "x".repeat(65), ""}) {
            problem(post("/api/tasks", "{\"type\": \"echo\", \"queue\": \"" + name + "\"}"), 400)
                    .jsonPath("$.errors[0].field").isEqualTo("queue");
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String huge = task("").replace("{\"millis\": 10}", "{\"millis\": 10, \"pad\": \"" + "x".repeat(1_100_000) + "\"}");
        problem(post("/api/tasks", huge), 413);
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void aPayloadOverItsLimitIs413NamingThePayload() {
        String big = "{\"type\": \"echo\", \"queue\": \"" + queue + "\", \"payload\": {\"pad\": \""
                + "x".repeat(600_000) + "\"}}";
        problem(post("/api/tasks", big), 413)
                .jsonPath("$.type").isEqualTo("/problems/too-large")
                .jsonPath("$.errors[0].field").isEqualTo("payload");
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void tooDeeplyNestedJsonIs400() {
        String deep = "[".repeat(200) + "]".repeat(200);
        problem(post("/api/tasks", "{\"type\": \"echo\", \"queue\": \"" + queue + "\", \"payload\": " + deep + "}"), 400);
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void waitAnswers200WithTheResultWhenTheTaskEndsInTime() {
        JsonNode result = JsonNodeFactory.instance.objectNode().put("sleptMillis", 10);
        Disposable worker = takeAndStart()
                .flatMap(lease -> transport.complete(lease, new TaskOutcome.Succeeded(result)))
                .subscribe();
        try {
            post("/api/tasks?wait=PT5S", task(""))
                    .expectStatus().isOk()
                    .expectHeader().value("Location", startsWith("/api/tasks/"))
                    .expectBody()
                    .jsonPath("$.state").isEqualTo(TaskState.SUCCEEDED.name())
                    .jsonPath("$.result.sleptMillis").isEqualTo(10)
                    .jsonPath("$.worker").isEqualTo(WORKER);
        } finally {
            worker.dispose();
        }
    }

    @Test
    void waitAnswers202WhenNothingEndsInTime() {
        post("/api/tasks?wait=PT0.3S", task("")).expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").isEqualTo("QUEUED");
    }

    @Test
    void aWaitOverTheMaximumOrMalformedIs400() {
        problem(post("/api/tasks?wait=PT6S", task("")), 400).jsonPath("$.errors[0].field").isEqualTo("wait");
        problem(post("/api/tasks?wait=10", task("")), 400).jsonPath("$.errors[0].field").isEqualTo("wait");
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void aBatchAnswers202WithTheViewsInOrder() {
        String batch = "[" + task(", \"priority\": 1") + ", " + task(", \"priority\": 2") + ", "
                + "{\"type\": \"echo\", \"queue\": \"" + queue + "\", \"payload\": [1]}]";
        post("/api/tasks/batch", batch).expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[0].priority").isEqualTo(1)
                .jsonPath("$[1].priority").isEqualTo(2)
                .jsonPath("$[2].type").isEqualTo("echo")
                .jsonPath("$[2].state").isEqualTo("QUEUED");
        assertThat(tasksInQueue()).isEqualTo(3);
    }

    @Test
    void aBatchWithOneBadItemStoresNothing() {
        String batch = "[" + task("") + ", " + task(", \"priority\": 11") + ", "
                + "{\"type\": \"sleep\", \"queue\": \"" + queue + "\", \"payload\": {}}]";
        problem(post("/api/tasks/batch", batch), 400)
                .jsonPath("$.errors[0].field").isEqualTo("[1].priority");
        problem(post("/api/tasks/batch", "[" + task("") + ", " + task("").replace("\"millis\": 10", "\"millis\": \"ten\"") + "]"), 400)
                .jsonPath("$.errors[0].field").isEqualTo("[1].payload.millis");
        problem(post("/api/tasks/batch", "[" + task("") + ", " + task(", \"priority\": \"x\"") + "]"), 400)
                .jsonPath("$.errors[0].field").isEqualTo("[1].priority");
        problem(post("/api/tasks/batch", "[" + task("") + ", {\"type\": \"nope\"}]"), 422)
                .jsonPath("$.errors[0].field").isEqualTo("[1].type");
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void anEmptyOrOversizedBatchIs400() {
        problem(post("/api/tasks/batch", "[]"), 400);
        String six = "[" + String.join(", ", java.util.Collections.nCopies(6, task(""))) + "]";
        problem(post("/api/tasks/batch", six), 400).jsonPath("$.detail").value(containsString("at most 5"));
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void aBatchIsIdempotentToo() {
        String batch = "[" + task("") + ", " + task("") + "]";
        client.post().uri("/api/tasks/batch").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "b-" + queue).bodyValue(batch).exchange().expectStatus().isAccepted();
        client.post().uri("/api/tasks/batch").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "b-" + queue).bodyValue(batch).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(2);
        assertThat(tasksInQueue()).isEqualTo(2);
    }
}
