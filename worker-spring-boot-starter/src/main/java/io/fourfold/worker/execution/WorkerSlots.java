package io.fourfold.worker.execution;

import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.WorkerInfo;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fixed number of attempts each executor may run at once, and how many run now. A slot is taken before a
 * handler starts and given back when it has returned (not when its outcome was decided: a handler
 * that ignores an interrupt keeps its slot). The free slots are the worker's backpressure: it never receives more
 * deliveries than it has free slots for.
 */
public final class WorkerSlots {

    private final Map<ExecutorKind, Integer> sizes;
    private final Map<ExecutorKind, Integer> busy = new EnumMap<>(ExecutorKind.class);

    WorkerSlots(Map<ExecutorKind, Integer> sizes) {
        this.sizes = new EnumMap<>(sizes);
        sizes.keySet().forEach(kind -> busy.put(kind, 0));
    }

    /** Takes a slot of {@code kind} if one is free. */
    synchronized boolean tryAcquire(ExecutorKind kind) {
        int used = busy.getOrDefault(kind, 0);
        if (used >= sizes.getOrDefault(kind, 0)) {
            return false;
        }
        busy.put(kind, used + 1);
        return true;
    }

    synchronized void release(ExecutorKind kind) {
        busy.merge(kind, -1, Integer::sum);
        notifyAll();
    }

    public synchronized int free(ExecutorKind kind) {
        return sizes.getOrDefault(kind, 0) - busy.getOrDefault(kind, 0);
    }

    /** Waits until some slot is given back, or at most {@code max}. */
    public synchronized void awaitRelease(Duration max) throws InterruptedException {
        wait(Math.max(1, max.toMillis()));
    }

    public synchronized Map<ExecutorKind, WorkerInfo.Slots> snapshot() {
        Map<ExecutorKind, WorkerInfo.Slots> slots = new EnumMap<>(ExecutorKind.class);
        sizes.forEach((kind, size) -> slots.put(kind, new WorkerInfo.Slots(size, busy.get(kind))));
        return slots;
    }
}
