package io.fourfold.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's workflows over HTTP against the one-JVM launcher, with the built-in handlers. The api's sweep is
 * made too slow to matter here, so every step after the first is submitted by the worker that ended the one before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "fourfold.workflows.sweep-interval=1h"})
@AutoConfigureWebTestClient(timeout = "PT30S")
class StandaloneWorkflowsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.shared();

    @Autowired
    WebTestClient http;

    private JsonNode create(String json) {
        return http.post().uri("/api/workflows").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode get(String uri, String id) {
        return http.get().uri(uri, id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode awaitEnd(JsonNode workflow) {
        return await().atMost(PATIENCE).until(() -> get("/api/workflows/{id}", workflow.get("id").asString()),
                view -> !view.get("state").asString().equals("RUNNING"));
    }

    @Test
    void aChainOfThreeEchoesHandsEachResultOn() {
        JsonNode chain = create("""
                {"kind": "CHAIN", "tasks": [{"type": "echo", "payload": {"hello": "chain"}},
                 {"type": "echo"}, {"type": "echo"}]}""");

        JsonNode done = awaitEnd(chain);

        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("result")).isEqualTo(JSON.readTree("{\"hello\": \"chain\"}"));
        assertThat(done.at("/counts/SUCCEEDED").asInt()).isEqualTo(3);
        JsonNode first = get("/api/tasks/{id}", done.at("/steps/0/taskId").asString());
        JsonNode second = get("/api/tasks/{id}", done.at("/steps/1/taskId").asString());
        assertThat(second.get("result")).as("step 2 echoes the payload it got: step 1's result")
                .isEqualTo(first.get("result"));
    }

    @Test
    void aGroupOfThreeGivesItsCallbackTheirResults() {
        JsonNode group = create("""
                {"kind": "GROUP", "tasks": [{"type": "echo", "payload": {"n": 1}},
                 {"type": "echo", "payload": {"n": 2}}, {"type": "echo", "payload": {"n": 3}}],
                 "callback": {"type": "echo"}}""");

        JsonNode done = awaitEnd(group);

        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("result")).isEqualTo(JSON.readTree("[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]"));
        assertThat(done.at("/callback/state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aBatchWithAFailingMemberEndsFailedWithItsCounts() {
        JsonNode batch = create("""
                {"kind": "BATCH", "tasks": [{"type": "echo", "payload": {"n": 1}},
                 {"type": "flaky", "payload": {"failures": 1}, "maxAttempts": 1},
                 {"type": "echo", "payload": {"n": 3}}]}""");

        JsonNode done = awaitEnd(batch);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.at("/counts/SUCCEEDED").asInt()).isEqualTo(2);
        assertThat(done.at("/counts/FAILED").asInt()).isEqualTo(1);
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.at("/steps/1/error/message").asString()).contains("fails as planned");
    }

    @Test
    void aChainWhoseFirstStepFailsNeverSubmitsTheSecond() {
        JsonNode chain = create("""
                {"kind": "CHAIN", "tasks": [{"type": "flaky", "payload": {"failures": 1}, "maxAttempts": 1},
                 {"type": "echo"}]}""");

        JsonNode done = awaitEnd(chain);

        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.at("/steps/1/state").asString()).isEqualTo("PENDING");
        http.get().uri("/api/tasks/{id}", done.at("/steps/1/taskId").asString()).exchange()
                .expectStatus().isNotFound();
    }
}
