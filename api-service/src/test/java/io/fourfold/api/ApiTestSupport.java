package io.fourfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.TaskTypeInfo;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api against the in-memory backend, on a random port. There is no worker: tests register task types in the
 * store and, where a task must run, act as the worker through the SPI. Each test uses its own queue, so tests
 * sharing the context never see each other's tasks. Auth and the rate limit are off here: their own tests
 * switch them on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fourfold.api.batch-limit=5",
        "fourfold.api.max-wait=PT5S",
        "fourfold.api.task-types=declared-only",
        "fourfold.api.security.enabled=false",
        "fourfold.api.rate-limit.enabled=false",
        "fourfold.api.queue-limits.limited=2",
        "fourfold.api.queue-limits.limited-workflows=2",
        "fourfold.workflows.sweep-interval=200ms"})
// Generous: the first OpenAPI document or SSE answer can take seconds on two busy cores.
@AutoConfigureWebTestClient(timeout = "PT30S")
public abstract class ApiTestSupport {

    protected static final String WORKER = "test-worker";
    protected static final JsonMapper JSON = JsonMapper.shared();

    /** A payload schema as workers generate it: {@code millis} is a required non-negative integer. */
    protected static final JsonNode SLEEP_SCHEMA = JSON.readTree("""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"millis": {"type": "integer", "minimum": 0}},
             "required": ["millis"], "additionalProperties": false}""");

    @Autowired
    protected WebTestClient client;
    @Autowired
    protected TaskStore store;
    @Autowired
    protected TaskTransport transport;

    /** This test's own queue. */
    protected String queue;

    @BeforeEach
    void registerTypes() {
        queue = "q-" + UUID.randomUUID();
        store.registerTaskTypes(List.of(
                new TaskTypeInfo("sleep", ExecutorKind.VIRTUAL, "sleepers", 4, Duration.ofMinutes(2), SLEEP_SCHEMA),
                new TaskTypeInfo("echo", ExecutorKind.EVENT_LOOP, "default", 3, Duration.ofMinutes(5),
                        JSON.readTree("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"}"))))
                .block();
    }

    protected WebTestClient.ResponseSpec post(String uri, String json) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    /** Asserts a {@code 400} problem whose first error names {@code field}; answers its body for more checks. */
    protected static WebTestClient.BodyContentSpec assertInvalid(WebTestClient.ResponseSpec answer, String field) {
        return answer.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/invalid-request")
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.detail").isNotEmpty();
    }

    /** Submits a task in this test's queue and answers its id. */
    protected String submit(String type, String payload) {
        String json = "{\"type\": \"" + type + "\", \"queue\": \"" + queue + "\", \"payload\": " + payload + "}";
        JsonNode view = post("/api/tasks", json).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(view).isNotNull();
        return view.get("id").asString();
    }

    /** Acts as a worker: takes the next task of this test's queue and starts it. */
    protected Mono<TaskLease> takeAndStart() {
        return transport.receive(WORKER, List.of(queue), 1, Duration.ofSeconds(10))
                .filter(deliveries -> !deliveries.isEmpty())
                .flatMap(deliveries -> transport.start(deliveries.getFirst(), WORKER, ExecutorKind.VIRTUAL))
                .cast(StartDecision.Run.class)
                .map(StartDecision.Run::lease);
    }

    /** The tasks of this test's queue, as the list endpoint shows them. */
    protected int tasksInQueue() {
        JsonNode page = client.get().uri("/api/tasks?queue={queue}", queue).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page).isNotNull();
        return page.get("tasks").size();
    }
}
