package io.fourfold.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Per-type limits and unique tasks end to end: set over HTTP, enforced while real workers run real handlers, seen
 * in the records the store kept. A subclass gives the api (or two replicas of it, sharing a store) and the store.
 * What the tests assert is read from the records' start and finish times, not from timing the test itself.
 */
abstract class LimitsAndUniqueTasks {

    protected static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The api a client submits through. */
    protected abstract WebTestClient submitter();

    /** Another api on the same store (itself when there is one). */
    protected abstract WebTestClient other();

    protected abstract TaskStore store();

    @AfterEach
    void removeLimits() {
        for (String type : List.of("sleep", "echo")) {
            other().delete().uri("/api/limits/{type}", type).exchange();
        }
    }

    protected JsonNode post(WebTestClient api, String uri, String json) {
        return api.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    protected void limit(String type, String json) {
        other().put().uri("/api/limits/{type}", type).contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().isCreated();
    }

    protected List<String> submitBatch(String item, int count) {
        String batch = String.join(",", IntStream.range(0, count).mapToObj(i -> item).toList());
        JsonNode views = post(submitter(), "/api/tasks/batch", "[" + batch + "]");
        return views.values().stream().map(view -> view.get("id").asString()).toList();
    }

    protected TaskRecord record(String id) {
        return Objects.requireNonNull(store().find(id).block(Duration.ofSeconds(10)), id);
    }

    protected List<TaskRecord> awaitSucceeded(List<String> ids) {
        await().atMost(PATIENCE).until(() -> ids.stream().allMatch(id -> record(id).state() == TaskState.SUCCEEDED));
        return ids.stream().map(this::record).toList();
    }

    /**
     * How long before its write a worker may stamp a start or a finish: Redis workers take the time, then send the
     * writes that came in together in one script call. A start stamped this little before another task's finish is
     * not counted as running beside it.
     */
    protected static final Duration STAMP_SLACK = Duration.ofMillis(50);

    /** The most tasks that ran at the same time, from their records' start and finish times. */
    protected static int mostAtOnce(List<TaskRecord> tasks) {
        int most = 0;
        for (TaskRecord task : tasks) {
            Instant at = task.startedAt();
            int running = (int) tasks.stream()
                    .filter(other -> !other.startedAt().isAfter(at) && other.finishedAt().isAfter(at.plus(STAMP_SLACK)))
                    .count();
            most = Math.max(most, running);
        }
        return most;
    }

    @Test
    void aTypeRunsNoMoreTasksAtOnceThanItsConcurrencyLimitAcrossWorkers() {
        limit("sleep", "{\"concurrency\": 2}");

        List<TaskRecord> done = awaitSucceeded(submitBatch(
                "{\"type\": \"sleep\", \"payload\": {\"millis\": 300}}", 8));

        // Without the limit all 8 run at once: the VIRTUAL executor has slots for thousands.
        assertThat(mostAtOnce(done)).isLessThanOrEqualTo(2);
        assertThat(done).allSatisfy(task -> assertThat(task.attempt()).as("a deferral is not an attempt").isEqualTo(1));
    }

    @Test
    void aTypeStartsNoFasterThanItsRate() {
        limit("echo", "{\"rate\": {\"permits\": 2, \"period\": \"PT1S\"}}");

        // Due later than every worker reads the limits again (each second): the rate holds them from their start.
        List<TaskRecord> done = awaitSucceeded(submitBatch(
                "{\"type\": \"echo\", \"payload\": {}, \"delay\": \"PT3S\"}", 6));

        // A full bucket of 2, then one start every 500 ms: the 6th starts about 2 s after the 1st (unlimited, all 6
        // start within a few milliseconds).
        List<Instant> starts = done.stream().map(TaskRecord::startedAt).sorted().toList();
        assertThat(Duration.between(starts.getFirst(), starts.getLast()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aTrailingUniqueTaskRunsOnceAfterTheOneThatRanWhenItWasSubmitted() {
        String unique = "{\"key\": \"e2e:" + UUID.randomUUID() + "\", \"mode\": \"TRAILING\"}";
        String task = "{\"type\": \"sleep\", \"payload\": {\"millis\": 3000}, "
                + "\"unique\": " + unique + "}";
        String first = post(submitter(), "/api/tasks", task).get("id").asString();
        await().atMost(PATIENCE).until(() -> record(first).state() == TaskState.RUNNING);

        List<String> answered = new ArrayList<>();
        for (WebTestClient api : List.of(submitter(), other(), submitter())) {
            answered.add(post(api, "/api/tasks", task).get("id").asString());
        }

        String trailing = answered.getFirst();
        assertThat(trailing).isNotEqualTo(first);
        assertThat(answered).as("while the trailing one waits, it stands for the later ones").containsOnly(trailing);
        List<TaskRecord> done = awaitSucceeded(List.of(first, trailing));
        assertThat(done.get(1).startedAt()).isAfterOrEqualTo(done.get(0).finishedAt().minus(STAMP_SLACK));
    }

    @Test
    void aUniqueTaskIsDroppedWhileOneWithItsKeyRuns() {
        String task = "{\"type\": \"sleep\", \"payload\": {\"millis\": 3000}, "
                + "\"unique\": {\"key\": \"e2e:" + UUID.randomUUID() + "\"}}";
        String first = post(submitter(), "/api/tasks", task).get("id").asString();
        await().atMost(PATIENCE).until(() -> record(first).state() == TaskState.RUNNING);

        other().post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON).bodyValue(task).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Fourfold-Deduplicated", "true")
                .expectBody().jsonPath("$.id").isEqualTo(first);
        awaitSucceeded(List.of(first));
        String after = post(submitter(), "/api/tasks", task).get("id").asString();
        assertThat(after).isNotEqualTo(first);
    }
}
