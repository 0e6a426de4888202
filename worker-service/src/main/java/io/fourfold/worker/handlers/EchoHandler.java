package io.fourfold.worker.handlers;

import io.fourfold.task.ExecutorKind;
import io.fourfold.worker.execution.TaskHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code echo}: answers its payload. No work at all, so it measures the platform's own overhead. */
class EchoHandler {

    @TaskHandler(type = "echo", executor = ExecutorKind.EVENT_LOOP)
    Mono<JsonNode> echo(JsonNode payload) {
        return Mono.just(payload);
    }
}
