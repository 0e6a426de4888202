package io.fourfold.api.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WorkersTest extends ApiTestSupport {

    @Test
    void liveWorkersAreListedWithTheirSlotsQueuesAndTypes() {
        String workerId = "listed-worker-" + queue;
        Instant started = Instant.parse("2026-11-23T10:00:00Z");
        store.heartbeat(new WorkerInfo(workerId, "host-a", 4242, started, Instant.now(),
                Map.of(ExecutorKind.PLATFORM, new WorkerInfo.Slots(2, 1)), List.of(queue), List.of("primes")),
                Duration.ofMinutes(1)).block();
        try {
            JsonNode workers = client.get().uri("/api/workers").exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

            JsonNode worker = find(workers, workerId);
            assertThat(worker.get("host").asString()).isEqualTo("host-a");
            assertThat(worker.get("pid").asLong()).isEqualTo(4242);
            assertThat(Instant.parse(worker.get("startedAt").asString())).isEqualTo(started);
            assertThat(worker.get("lastHeartbeat").isNull()).isFalse();
            assertThat(worker.get("slots").get("PLATFORM").get("size").asInt()).isEqualTo(2);
            assertThat(worker.get("slots").get("PLATFORM").get("busy").asInt()).isEqualTo(1);
            assertThat(worker.get("queues").get(0).asString()).isEqualTo(queue);
            assertThat(worker.get("taskTypes").get(0).asString()).isEqualTo("primes");
        } finally {
            store.removeWorker(workerId).block();
        }
        JsonNode after = client.get().uri("/api/workers").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(after.findValuesAsString("id")).doesNotContain(workerId);
    }

    private static JsonNode find(JsonNode workers, String id) {
        for (JsonNode worker : workers) {
            if (worker.get("id").asString().equals(id)) {
                return worker;
            }
        }
        throw new AssertionError("No worker " + id + " in " + workers);
    }
}
