package io.fourfold.api.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.api.ApiTestSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class QueuesTest extends ApiTestSupport {

    private JsonNode queueView(String name) {
        JsonNode queues = client.get().uri("/api/queues").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        for (JsonNode view : queues) {
            if (view.get("name").asString().equals(name)) {
                return view;
            }
        }
        return null;
    }

    @Test
    void aQueueShowsItsReadyTasksAndCanBePausedAndResumed() {
        submit("echo", "{}");
        submit("echo", "{}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode view = queueView(queue);
            assertThat(view).isNotNull();
            assertThat(view.get("ready").asLong()).isEqualTo(2);
            assertThat(view.get("running").asLong()).isZero();
            assertThat(view.get("oldestReadyAgeSeconds").isNumber()).as("the oldest ready task's age is a number")
                    .isTrue();
            assertThat(view.get("oldestReadyAgeSeconds").asDouble()).isBetween(0.0, 10.0);
            assertThat(view.get("paused").asBoolean()).isFalse();
        });

        client.post().uri("/api/queues/{name}/pause", queue).exchange().expectStatus().isNoContent();
        assertThat(queueView(queue).get("paused").asBoolean()).isTrue();
        client.post().uri("/api/queues/{name}/resume", queue).exchange().expectStatus().isNoContent();
        assertThat(queueView(queue).get("paused").asBoolean()).isFalse();
    }

    @Test
    void aQueueNobodyUsedCanBePausedAheadOfTime() {
        String fresh = "fresh-" + queue;
        client.post().uri("/api/queues/{name}/pause", fresh).exchange().expectStatus().isNoContent();
        try {
            assertThat(queueView(fresh).get("paused").asBoolean()).isTrue();
            assertThat(queueView(fresh).get("ready").asLong()).isZero();
        } finally {
            client.post().uri("/api/queues/{name}/resume", fresh).exchange().expectStatus().isNoContent();
        }
    }

    @Test
    void aMalformedQueueNameIsAProblem() {
        client.post().uri("/api/queues/{name}/pause", "no spaces allowed").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
    }

    @Test
    void aQueueAtItsLimitRefusesMoreWithRetryAfter() {
        String twoTasks = "[{\"type\": \"echo\", \"queue\": \"limited\"}, {\"type\": \"echo\", \"queue\": \"limited\"}]";
        try {
            post("/api/tasks/batch", twoTasks).expectStatus().isAccepted();

            // The depth read is up to a second old: submits may still get through until it is read again.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    post("/api/tasks", "{\"type\": \"echo\", \"queue\": \"limited\"}")
                            .expectStatus().isEqualTo(429)
                            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                            .expectBody()
                            .jsonPath("$.type").isEqualTo("/problems/queue-full")
                            .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("'limited'")));
            assertThat(queueView("limited").get("ready").asLong()).isGreaterThanOrEqualTo(2);

            post("/api/tasks", "{\"type\": \"echo\", \"queue\": \"" + queue + "\"}").expectStatus().isAccepted();
        } finally {
            transport.receive(WORKER, List.of("limited"), 1000, Duration.ofSeconds(1)).block();
        }
    }
}
