package io.fourfold.transport;

import io.fourfold.task.ExecutorKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A live worker as its heartbeat describes it.
 *
 * @param slots per executor, how many slots it has and how many are busy
 */
public record WorkerInfo(
        String id,
        String host,
        long pid,
        Instant startedAt,
        Instant lastHeartbeat,
        Map<ExecutorKind, Slots> slots,
        List<String> queues,
        List<String> taskTypes) {

    public WorkerInfo {
        slots = Map.copyOf(slots);
        queues = List.copyOf(queues);
        taskTypes = List.copyOf(taskTypes);
    }

    public record Slots(int size, int busy) {
    }
}
