package io.fourfold.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.task.TaskError;
import io.fourfold.transport.TaskDelivery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class DeadLettersTest extends ApiTestSupport {

    private String deadLetter() {
        String id = submit("echo", "{}");
        List<TaskDelivery> delivered = transport.receive(WORKER, List.of(queue), 1, Duration.ofSeconds(10)).block();
        assertThat(delivered).extracting(TaskDelivery::taskId).containsExactly(id);
        transport.deadLetter(delivered.getFirst(), new TaskError(TaskError.POISON, "delivered too often")).block();
        return id;
    }

    private JsonNode deadLetters() {
        return client.get().uri("/api/dead-letters?queue={queue}", queue).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void aDeadLetterIsListedWithItsErrorAndCanBeRetried() {
        String id = deadLetter();
        submit("echo", "{}");

        JsonNode page = deadLetters();
        assertThat(page.get("tasks")).hasSize(1);
        assertThat(page.get("tasks").get(0).get("id").asString()).isEqualTo(id);
        assertThat(page.get("tasks").get(0).get("error").get("type").asString()).isEqualTo(TaskError.POISON);

        client.post().uri("/api/dead-letters/{id}/retry", id).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.state").isEqualTo("QUEUED")
                .jsonPath("$.attempt").isEqualTo(0);
        assertThat(deadLetters().get("tasks")).isEmpty();

        client.post().uri("/api/dead-letters/{id}/retry", id).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/not-a-dead-letter")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("QUEUED"));
    }

    @Test
    void aDeletedDeadLetterIsGone() {
        String id = deadLetter();

        client.delete().uri("/api/dead-letters/{id}", id).exchange().expectStatus().isNoContent();
        client.get().uri("/api/tasks/{id}", id).exchange().expectStatus().isNotFound();
        client.delete().uri("/api/dead-letters/{id}", id).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void onlyDeadLettersCanBeDeletedAndBadIdsAreUnknown() {
        String queued = submit("echo", "{}");

        client.delete().uri("/api/dead-letters/{id}", queued).exchange().expectStatus().isEqualTo(409);
        client.get().uri("/api/tasks/{id}", queued).exchange().expectStatus().isOk();
        client.post().uri("/api/dead-letters/{id}/retry", "not-a-task-id").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/task-not-found");
        client.get().uri("/api/dead-letters?limit=0").exchange().expectStatus().isBadRequest();
    }
}
