package io.fourfold.transport.memory;

import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.DeadLetterResult;
import io.fourfold.transport.QueueStats;
import io.fourfold.transport.TaskQueues;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Queue figures read straight from the in-memory transport and store; the pause set lives as long as the JVM. */
final class InMemoryTaskQueues implements TaskQueues {

    private final InMemoryTaskStore store;
    private final InMemoryTaskTransport transport;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    InMemoryTaskQueues(InMemoryTaskStore store, InMemoryTaskTransport transport) {
        this.store = store;
        this.transport = transport;
    }

    @Override
    public Flux<QueueStats> stats() {
        return Flux.defer(() -> {
            Map<String, Long> dead = store.records().stream()
                    .filter(task -> task.state() == TaskState.FAILED)
                    .collect(Collectors.groupingBy(TaskRecord::queue, Collectors.counting()));
            Set<String> names = new TreeSet<>(transport.queueNames());
            names.addAll(dead.keySet());
            names.addAll(paused);
            return Flux.fromIterable(names).map(name -> new QueueStats(name, transport.ready(name),
                    transport.delayed(name), transport.running(name), dead.getOrDefault(name, 0L),
                    store.finishedPerSecond(name), transport.oldestReadyAge(name), paused.contains(name)));
        });
    }

    @Override
    public Mono<Void> pause(String queue) {
        return Mono.fromRunnable(() -> paused.add(queue));
    }

    @Override
    public Mono<Void> resume(String queue) {
        return Mono.fromRunnable(() -> paused.remove(queue));
    }

    @Override
    public Mono<Set<String>> paused() {
        return Mono.fromSupplier(() -> Set.copyOf(paused));
    }

    @Override
    public Mono<DeadLetterResult> retryDeadLetter(String taskId) {
        return onDeadLetter(taskId, id -> {
            TaskRecord queued = store.update(id, task -> task.state() == TaskState.FAILED,
                    task -> task.queued(store.now()));
            if (queued != null) {
                transport.requeue(queued);
            }
            return queued == null ? null : new DeadLetterResult(DeadLetterResult.Outcome.RETRIED, queued);
        });
    }

    @Override
    public Mono<DeadLetterResult> deleteDeadLetter(String taskId) {
        return onDeadLetter(taskId, id -> {
            TaskRecord removed = store.removeIf(id, TaskState.FAILED);
            return removed == null ? null : new DeadLetterResult(DeadLetterResult.Outcome.DELETED, removed);
        });
    }

    /** Applies {@code action} to a dead letter; a task that is not one answers NOT_DEAD, an unknown one nothing. */
    private Mono<DeadLetterResult> onDeadLetter(String taskId, Function<String, @Nullable DeadLetterResult> action) {
        return Mono.fromSupplier(() -> {
            DeadLetterResult done = action.apply(taskId);
            if (done != null) {
                return done;
            }
            TaskRecord current = store.get(taskId);
            return current == null ? null : new DeadLetterResult(DeadLetterResult.Outcome.NOT_DEAD, current);
        });
    }
}
