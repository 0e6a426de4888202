package io.fourfold.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.task.TaskRecord;
import io.fourfold.transport.TaskQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code /api/schedules} on the in-memory backend: every answer a client can get, and a schedule that fires. */
class SchedulesTest extends ApiTestSupport {

    private final String name = "s-" + UUID.randomUUID();

    /** Schedules outlive a test in the shared context: none is left to fire into another test's figures. */
    @AfterEach
    void deleteSchedules() {
        for (String schedule : List.of(name, name + "-a", name + "-b")) {
            client.delete().uri("/api/schedules/{name}", schedule).exchange();
        }
    }

    private WebTestClient.ResponseSpec put(String schedule, String json) {
        return client.put().uri("/api/schedules/{name}", schedule).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json).exchange();
    }

    private WebTestClient.ResponseSpec put(String json) {
        return put(name, json);
    }

    private JsonNode view(String schedule, String query) {
        return client.get().uri("/api/schedules/" + schedule + query).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void assertNotFound(WebTestClient.ResponseSpec answer) {
        answer.expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/schedule-not-found")
                .jsonPath("$.detail").isEqualTo("No schedule named '" + name + "'");
    }

    @Test
    void aNewScheduleIsCreatedThenReplaced() {
        put("""
                {"cron": "0 30 9 * * MON-FRI", "zone": "Europe/Paris", "type": "sleep", "payload": {"millis": 5},
                 "queue": "reports", "priority": 3, "maxAttempts": 2, "timeout": "PT1M", "missedRuns": "SKIP"}""")
                .expectStatus().isCreated()
                .expectHeader().location("/api/schedules/" + name)
                .expectBody()
                .jsonPath("$.name").isEqualTo(name)
                .jsonPath("$.cron").isEqualTo("0 30 9 * * MON-FRI")
                .jsonPath("$.every").doesNotExist()
                .jsonPath("$.zone").isEqualTo("Europe/Paris")
                .jsonPath("$.missedRuns").isEqualTo("SKIP")
                .jsonPath("$.type").isEqualTo("sleep")
                .jsonPath("$.payload.millis").isEqualTo(5)
                .jsonPath("$.queue").isEqualTo("reports")
                .jsonPath("$.priority").isEqualTo(3)
                .jsonPath("$.maxAttempts").isEqualTo(2)
                .jsonPath("$.timeout").isEqualTo("PT1M")
                .jsonPath("$.paused").isEqualTo(false)
                .jsonPath("$.nextRuns.length()").isEqualTo(5);

        put("{\"every\": \"PT1H\", \"type\": \"echo\"}")
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.LOCATION)
                .expectBody()
                .jsonPath("$.every").isEqualTo("PT1H")
                .jsonPath("$.cron").doesNotExist()
                .jsonPath("$.zone").isEqualTo("Z")
                .jsonPath("$.missedRuns").isEqualTo("CATCH_UP_ONCE")
                .jsonPath("$.payload").isMap();
    }

    @Test
    void aScheduleShowsItsNextRunTimes() {
        put("{\"every\": \"PT1H\", \"type\": \"echo\"}").expectStatus().isCreated();

        JsonNode view = view(name, "?runs=3");

        List<Instant> runs = view.get("nextRuns").values().stream().map(run -> Instant.parse(run.asString())).toList();
        assertThat(runs).hasSize(3);
        assertThat(runs.getFirst()).isAfter(Instant.now().minusSeconds(5))
                .isBeforeOrEqualTo(Instant.now().plus(Duration.ofHours(1)));
        assertThat(runs.getFirst().getEpochSecond() % 3600).as("on the full hour").isZero();
        assertThat(Duration.between(runs.get(0), runs.get(1))).isEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(runs.get(1), runs.get(2))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theListShowsEveryScheduleByNameWithItsNextRun() {
        put(name + "-b", "{\"cron\": \"@daily\", \"type\": \"echo\"}").expectStatus().isCreated();
        put(name + "-a", "{\"cron\": \"@hourly\", \"type\": \"echo\"}").expectStatus().isCreated();

        JsonNode list = client.get().uri("/api/schedules").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        List<JsonNode> mine = list.values().stream().filter(view -> view.get("name").asString().startsWith(name))
                .toList();
        assertThat(mine).extracting(view -> view.get("name").asString()).containsExactly(name + "-a", name + "-b");
        assertThat(mine).allSatisfy(view -> assertThat(view.get("nextRuns").size()).isOne());
    }

    @Test
    void aPausedScheduleShowsItUntilResumed() {
        put("{\"cron\": \"@daily\", \"type\": \"echo\"}").expectStatus().isCreated();

        client.post().uri("/api/schedules/{name}/pause", name).exchange().expectStatus().isNoContent();
        assertThat(view(name, "").get("paused").asBoolean()).isTrue();
        put("{\"cron\": \"@hourly\", \"type\": \"echo\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.paused").isEqualTo(true);

        client.post().uri("/api/schedules/{name}/resume", name).exchange().expectStatus().isNoContent();
        assertThat(view(name, "").get("paused").asBoolean()).isFalse();
    }

    @Test
    void aDeletedScheduleIsGone() {
        put("{\"cron\": \"@daily\", \"type\": \"echo\"}").expectStatus().isCreated();

        client.delete().uri("/api/schedules/{name}", name).exchange().expectStatus().isNoContent();

        assertNotFound(client.get().uri("/api/schedules/{name}", name).exchange());
    }

    @Test
    void anUnknownScheduleIsA404ForEveryOperation() {
        assertNotFound(client.get().uri("/api/schedules/{name}", name).exchange());
        assertNotFound(client.delete().uri("/api/schedules/{name}", name).exchange());
        assertNotFound(client.post().uri("/api/schedules/{name}/pause", name).exchange());
        assertNotFound(client.post().uri("/api/schedules/{name}/resume", name).exchange());
    }

    @Test
    void aWrongTimingNamesItsField() {
        assertInvalid(put("{\"cron\": \"0 0 25 * * *\", \"type\": \"echo\"}"), "cron");
        assertInvalid(put("{\"cron\": \"* * * * *\", \"type\": \"echo\"}"), "cron");
        assertInvalid(put("{\"every\": \"5 minutes\", \"type\": \"echo\"}"), "every");
        assertInvalid(put("{\"every\": \"PT0.5S\", \"type\": \"echo\"}"), "every");
        assertInvalid(put("{\"every\": \"-PT1M\", \"type\": \"echo\"}"), "every");
        assertInvalid(put("{\"cron\": \"@daily\", \"every\": \"PT1M\", \"type\": \"echo\"}"), "every");
        assertInvalid(put("{\"type\": \"echo\"}"), "cron");
        assertInvalid(put("{\"cron\": \"@daily\", \"zone\": \"Mars/Olympus\", \"type\": \"echo\"}"), "zone");
        assertInvalid(put("{\"cron\": \"@daily\", \"missedRuns\": \"ALL\", \"type\": \"echo\"}"), "missedRuns");
        assertInvalid(put("{\"cron\": \"@daily\"}"), "type");
        assertInvalid(put("{\"cron\": \"@daily\", \"type\": \"echo\", \"timeout\": \"soon\"}"), "timeout");
        client.get().uri("/api/schedules/{name}", name).exchange().expectStatus().isNotFound();
    }

    @Test
    void aWrongTaskIsRefusedAsASubmitWouldBe() {
        assertInvalid(put("{\"cron\": \"@daily\", \"type\": \"sleep\", \"payload\": {\"millis\": -1}}"),
                "payload.millis");
        assertInvalid(put("{\"cron\": \"@daily\", \"type\": \"echo\", \"priority\": 10}"), "priority");
        assertInvalid(put("{\"cron\": \"@daily\", \"type\": \"echo\", \"queue\": \"a b\"}"), "queue");
        assertInvalid(put("{\"cron\": \"@daily\", \"type\": \"echo\", \"maxAttempts\": 0}"), "maxAttempts");
        put("{\"cron\": \"@daily\", \"type\": \"ech\"}")
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/unknown-task-type")
                .jsonPath("$.errors[0].field").isEqualTo("type")
                .jsonPath("$.knownTypes").isArray();
        put("{\"cron\": \"@daily\", \"type\": \"echo\", \"payload\": {\"pad\": \"" + "x".repeat(600_000) + "\"}}")
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        put("{\"cron\": \"@daily\", \"type\": ").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/schedules/{name}", name).exchange().expectStatus().isNotFound();
    }

    @Test
    void aWrongNameOrRunCountIsA400() {
        String wrong = "a b";
        assertInvalid(put(wrong, "{\"cron\": \"@daily\", \"type\": \"echo\"}"), "name");
        assertInvalid(put("x".repeat(65), "{\"cron\": \"@daily\", \"type\": \"echo\"}"), "name");
        assertInvalid(client.get().uri("/api/schedules/{name}", wrong).exchange(), "name");
        assertInvalid(client.delete().uri("/api/schedules/{name}", wrong).exchange(), "name");
        assertInvalid(client.post().uri("/api/schedules/{name}/pause", wrong).exchange(), "name");
        assertInvalid(client.post().uri("/api/schedules/{name}/resume", wrong).exchange(), "name");
        put("{\"cron\": \"@daily\", \"type\": \"echo\"}").expectStatus().isCreated();
        for (String runs : List.of("0", "101", "x", "1.5", "")) {
            assertInvalid(client.get().uri("/api/schedules/" + name + "?runs=" + runs).exchange(), "runs");
        }
        assertThat(view(name, "?runs=100").get("nextRuns").size()).isEqualTo(100);
    }

    @Test
    void aDueScheduleSubmitsItsTaskOncePerDueTime() {
        put("{\"every\": \"PT1S\", \"type\": \"echo\", \"queue\": \"" + queue + "\", \"payload\": {\"n\": 1}}")
                .expectStatus().isCreated();

        await().atMost(Duration.ofSeconds(30)).until(() -> tasksInQueue() >= 2);
        client.delete().uri("/api/schedules/{name}", name).exchange().expectStatus().isNoContent();

        List<TaskRecord> tasks = store.list(new TaskQuery(null, null, queue, 100, null)).block().tasks();
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.type()).isEqualTo("echo");
            assertThat(task.owner()).isEqualTo("schedule:" + name);
            assertThat(task.payload().get("n").asInt()).isEqualTo(1);
        });
    }
}
