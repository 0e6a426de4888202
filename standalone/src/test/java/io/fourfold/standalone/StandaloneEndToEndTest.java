package io.fourfold.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The newcomer's session from the README, over HTTP against the one-JVM launcher: the api and the worker on the
 * in-memory backend, as {@code ./mvnw -pl standalone spring-boot:run} starts them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "fourfold.worker.backoff.base=50ms",
        "fourfold.worker.backoff.max=200ms"})
@AutoConfigureWebTestClient(timeout = "PT30S")
class StandaloneEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Autowired
    WebTestClient http;

    @Test
    void anEchoTaskAnswersItsResultInTheSameCall() {
        http.post().uri("/api/tasks?wait=PT5S").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"echo\",\"payload\":{\"x\":1}}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.state").isEqualTo("SUCCEEDED")
                .jsonPath("$.result.x").isEqualTo(1)
                .jsonPath("$.executor").isEqualTo("EVENT_LOOP");
    }

    @Test
    void theEventsOfASleepTaskShowItQueuedRunningProgressingAndDone() {
        String id = submit("{\"type\":\"sleep\",\"payload\":{\"millis\":1500}}");

        List<ServerSentEvent<JsonNode>> events = http.get().uri("/api/tasks/{id}/events", id)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { })
                .getResponseBody()
                .filter(event -> event.data() != null)
                .collectList()
                .block(PATIENCE);

        List<String> states = events.stream().map(event -> event.data().path("state").asString()).toList();
        assertThat(states.getFirst()).isIn("QUEUED", "RUNNING");
        assertThat(states).contains("RUNNING").endsWith("SUCCEEDED");
        assertThat(events).anySatisfy(event -> {
            assertThat(event.data().path("state").asString()).isEqualTo("RUNNING");
            assertThat(event.data().path("progress").asDouble()).isGreaterThan(0);
        });
        assertThat(events).extracting(event -> Long.parseLong(event.id())).isSorted().doesNotHaveDuplicates();
        assertThat(events.getLast().data().path("result").path("sleptMillis").asLong()).isEqualTo(1500);
    }

    @Test
    void cancellingARunningSleepStopsItWithinASecondOrSo() {
        String id = submit("{\"type\":\"sleep\",\"payload\":{\"millis\":30000}}");
        await().atMost(PATIENCE).until(() -> state(id).equals("RUNNING"));

        http.post().uri("/api/tasks/{id}/cancel", id).exchange().expectStatus().isAccepted();

        await().atMost(Duration.ofSeconds(3)).until(() -> state(id).equals("CANCELLED"));
        http.post().uri("/api/tasks/{id}/cancel", id).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aFlakyTaskSucceedsOnItsThirdAttemptAfterRetrying() {
        // Delayed by a second, so the event stream is open before the first attempt and sees every move.
        String id = submit("{\"type\":\"flaky\",\"payload\":{\"failures\":2},\"maxAttempts\":3,\"delay\":\"PT1S\"}");

        List<String> states = http.get().uri("/api/tasks/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() { })
                .getResponseBody()
                .filter(event -> event.data() != null)
                .map(event -> event.data().path("state").asString())
                .collectList()
                .block(PATIENCE);

        assertThat(states).startsWith("SCHEDULED").contains("RETRYING").endsWith("SUCCEEDED");
        assertThat(task(id).path("attempt").asInt()).isEqualTo(3);
    }

    @Test
    void aFlakyTaskThatFailsMoreThanItsAttemptsEndsFailed() {
        String id = submit("{\"type\":\"flaky\",\"payload\":{\"failures\":5},\"maxAttempts\":3}");

        await().atMost(PATIENCE).until(() -> state(id).equals("FAILED"));
        JsonNode failed = task(id);
        assertThat(failed.path("attempt").asInt()).isEqualTo(3);
        assertThat(failed.path("error").path("message").asString()).isNotBlank();
    }

    @Test
    void aCpuTaskRunsOnThePlatformPool() {
        http.post().uri("/api/tasks?wait=PT10S").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"primes\",\"payload\":{\"upTo\":100000}}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.result.count").isEqualTo(9592)
                .jsonPath("$.executor").isEqualTo("PLATFORM");
    }

    @Test
    void aDelayedTaskIsScheduledThenRuns() {
        String id = submit("{\"type\":\"echo\",\"payload\":{},\"delay\":\"PT1S\"}");

        assertThat(state(id)).isEqualTo("SCHEDULED");
        await().atMost(PATIENCE).until(() -> state(id).equals("SUCCEEDED"));
    }

    @Test
    void aBadPayloadIsRefusedAndNothingIsStored() {
        int before = taskCount();
        http.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"sleep\",\"payload\":{\"millis\":-1}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").value(field -> assertThat((String) field).startsWith("payload"));
        http.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\":\"no-such-type\",\"payload\":{}}")
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("echo"));
        assertThat(taskCount()).isEqualTo(before);
    }

    private String submit(String body) {
        return http.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody()
                .path("id").asString();
    }

    private JsonNode task(String id) {
        return http.get().uri("/api/tasks/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private String state(String id) {
        return task(id).path("state").asString();
    }

    private int taskCount() {
        JsonNode page = http.get().uri("/api/tasks?limit=500").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return page.path("tasks").size();
    }
}
