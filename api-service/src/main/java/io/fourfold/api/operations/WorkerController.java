package io.fourfold.api.operations;

import io.fourfold.transport.TaskStore;
import io.fourfold.transport.WorkerInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The live workers, as their heartbeats describe them. */
@RestController
@Tag(name = "Operations")
class WorkerController {

    private final TaskStore store;

    WorkerController(TaskStore store) {
        this.store = store;
    }

    @GetMapping(path = "/api/workers", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Live workers",
            description = "Every worker whose heartbeat is fresh (it refreshes every `fourfold.worker.heartbeat.interval`"
                    + " and disappears `fourfold.worker.heartbeat.ttl` after its last one), sorted by id: host, pid, "
                    + "start, last heartbeat, slots per executor (size and busy), queues and task types served.")
    Mono<List<WorkerInfo>> workers() {
        return store.workers().sort(Comparator.comparing(WorkerInfo::id)).collectList();
    }
}
