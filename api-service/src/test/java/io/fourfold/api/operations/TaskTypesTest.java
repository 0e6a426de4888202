package io.fourfold.api.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TaskTypesTest extends ApiTestSupport {

    @Test
    void knownTypesShowTheirRegistrationAndLiveWorkers() {
        String workerId = "types-worker-" + queue;
        store.heartbeat(new WorkerInfo(workerId, "host", 42, Instant.now(), Instant.now(),
                Map.of(ExecutorKind.VIRTUAL, new WorkerInfo.Slots(4, 0)), List.of("sleepers"), List.of("sleep")),
                Duration.ofMinutes(1)).block();
        try {
            JsonNode types = client.get().uri("/api/task-types").exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(types).isNotNull();
            JsonNode sleep = find(types, "sleep");
            assertThat(sleep.get("registered").asBoolean()).isTrue();
            assertThat(sleep.get("executor").asString()).isEqualTo("VIRTUAL");
            assertThat(sleep.get("queue").asString()).isEqualTo("sleepers");
            assertThat(sleep.get("maxAttempts").asInt()).isEqualTo(4);
            assertThat(sleep.get("timeout").asString()).isEqualTo("PT2M");
            assertThat(sleep.get("payloadSchema").get("required").get(0).asString()).isEqualTo("millis");
            assertThat(sleep.get("liveWorkers").asLong()).isGreaterThanOrEqualTo(1);

            JsonNode declared = find(types, "declared-only");
            assertThat(declared.get("registered").asBoolean()).isFalse();
            assertThat(declared.get("payloadSchema").isNull()).isTrue();
            assertThat(declared.get("liveWorkers").asLong()).isZero();
        } finally {
            store.removeWorker(workerId).block();
        }
    }

    @Test
    void aTypeRegisteredJustNowIsAcceptedThoughSubmitsReadACopy() {
        post("/api/tasks", "{\"type\": \"echo\", \"queue\": \"" + queue + "\"}").expectStatus().isAccepted();
        String fresh = "fresh-" + queue;
        post("/api/tasks", "{\"type\": \"" + fresh + "\", \"queue\": \"" + queue + "\"}")
                .expectStatus().isEqualTo(422);

        store.registerTaskTypes(List.of(new TaskTypeInfo(fresh, ExecutorKind.VIRTUAL, queue, 1, Duration.ofMinutes(1),
                JSON.readTree("{}")))).block();

        post("/api/tasks", "{\"type\": \"" + fresh + "\", \"queue\": \"" + queue + "\"}")
                .expectStatus().isAccepted();
    }

    private static JsonNode find(JsonNode types, String name) {
        for (JsonNode type : types) {
            if (type.get("type").asString().equals(name)) {
                return type;
            }
        }
        throw new AssertionError("No type " + name + " in " + types);
    }
}
