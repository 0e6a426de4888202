package io.fourfold.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.transport.TaskLease;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code unique} on submit: who answers for a second task with the key, and every wrong {@code unique}. */
class UniqueTasksTest extends ApiTestSupport {

    private final String key = "sync:" + UUID.randomUUID();

    private String task(String unique) {
        return "{\"type\": \"echo\", \"queue\": \"" + queue + "\", \"unique\": " + unique + "}";
    }

    private JsonNode body(WebTestClient.ResponseSpec answer) {
        return answer.expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void assertInvalid(String unique, String field) {
        post("/api/tasks", task(unique))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.detail").isNotEmpty();
    }

    @Test
    void aSecondTaskWithTheKeyIsAnsweredWithTheFirstWhileItIsUnderWay() {
        String unique = "{\"key\": \"" + key + "\"}";
        JsonNode first = body(post("/api/tasks", task(unique)).expectStatus().isAccepted()
                .expectHeader().valueEquals(TaskSubmissionController.DEDUPLICATED, "false"));
        assertThat(first.get("unique").asString()).isEqualTo(key);

        JsonNode second = body(post("/api/tasks", task(unique)).expectStatus().isOk()
                .expectHeader().valueEquals(TaskSubmissionController.DEDUPLICATED, "true")
                .expectHeader().location("/api/tasks/" + first.get("id").asString()));
        assertThat(second.get("id")).isEqualTo(first.get("id"));
        assertThat(tasksInQueue()).isEqualTo(1);
    }

    @Test
    void inABatchTheFirstTaskWithAKeyStandsForTheLaterOnes() {
        String unique = "{\"key\": \"" + key + "\", \"mode\": \"TRAILING\"}";
        JsonNode views = body(post("/api/tasks/batch", "[" + task(unique) + ", " + task(unique) + "]")
                .expectStatus().isAccepted());

        assertThat(views.get(1).get("id")).isEqualTo(views.get(0).get("id"));
        assertThat(tasksInQueue()).isEqualTo(1);
    }

    @Test
    void aTrailingTaskSubmittedWhileTheFirstRunsIsMade() {
        String unique = "{\"key\": \"" + key + "\", \"mode\": \"TRAILING\"}";
        String first = body(post("/api/tasks", task(unique)).expectStatus().isAccepted()).get("id").asString();
        TaskLease running = takeAndStart().block();
        assertThat(running.taskId()).isEqualTo(first);

        JsonNode trailing = body(post("/api/tasks", task(unique)).expectStatus().isAccepted()
                .expectHeader().valueEquals(TaskSubmissionController.DEDUPLICATED, "false"));
        assertThat(trailing.get("id").asString()).isNotEqualTo(first);
        assertThat(trailing.get("state").asString()).isEqualTo("QUEUED");
        JsonNode third = body(post("/api/tasks", task(unique)).expectStatus().isOk());
        assertThat(third.get("id")).isEqualTo(trailing.get("id"));
    }

    @Test
    void aKeyMissingOrWithForbiddenCharactersIs400() {
        assertInvalid("{\"mode\": \"DROP\"}", "unique.key");
        assertInvalid("{\"key\": \"two words\"}", "unique.key");
        assertInvalid("{\"key\": \"\"}", "unique.key");
    }

    @Test
    void anUnknownModeIs400() {
        assertInvalid("{\"key\": \"" + key + "\", \"mode\": \"LATEST\"}", "unique.mode");
    }

    @Test
    void aUniqueThatIsNotAnObjectIs400() {
        post("/api/tasks", task("\"" + key + "\""))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(tasksInQueue()).isZero();
    }
}
