package io.fourfold.transport.redis;

import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.DeadLetterResult;
import io.fourfold.transport.QueueStats;
import io.fourfold.transport.TaskQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Queue figures, pause and dead letters in the Redis store, for the Redis transport and for a foreign broker alike.
 * The counts come from what the task scripts keep as they move tasks (see {@code prelude.lua}): one script call reads
 * every queue's figures, at a cost that grows with the queues, never with the tasks. With the Redis transport the
 * work streams give ready, running and the oldest ready entry; for a foreign broker the
 * {@link io.fourfold.transport.TaskRecords} writes keep them (QUEUED records per queue by when they became ready,
 * RUNNING ones in a set), because a broker's own ready count leaves out what its consumers have prefetched.
 */
public final class RedisTaskQueues implements TaskQueues {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final RedisTaskStore store;
    private final RedisKeys keys;
    private final RedisScripts scripts;
    private final @Nullable Broker broker;

    private RedisTaskQueues(RedisTaskStore store, @Nullable Broker broker) {
        this.store = store;
        this.keys = store.keys();
        this.scripts = store.scripts();
        this.broker = broker;
    }

    /** The operations of the Redis Streams transport. */
    static RedisTaskQueues forStreams(RedisTaskStore store) {
        return new RedisTaskQueues(store, null);
    }

    /** The operations of a transport whose broker is not Redis, with the store in Redis. */
    public static RedisTaskQueues forBroker(RedisTaskStore store, Broker broker) {
        return new RedisTaskQueues(store, broker);
    }

    /** What a foreign broker does for the operations: the publish of a retried dead letter. */
    @FunctionalInterface
    public interface Broker {

        /**
         * Publishes a retried dead letter (QUEUED again, still hidden) and completes once the broker confirmed it;
         * fails when it did not.
         */
        Mono<Void> publish(TaskRecord task);
    }

    @Override
    public Flux<QueueStats> stats() {
        return Mono.defer(() -> {
            Instant now = store.clock().instant();
            return scripts.stats.strings(List.of(keys.queues(), keys.paused()),
                            List.of(keys.prefix(), RedisKeys.GROUP, Long.toString(now.toEpochMilli()),
                                    broker == null ? "1" : "0"))
                    .map(reply -> figures(reply, now));
        }).flatMapIterable(figures -> figures)
                .onErrorMap(store::translate);
    }

    private List<QueueStats> figures(List<String> reply, Instant now) {
        List<QueueStats> figures = new ArrayList<>(reply.size() / 8);
        for (int i = 0; i + 7 < reply.size(); i += 8) {
            String oldest = reply.get(i + 6);
            Duration age = oldest.isEmpty() ? Duration.ZERO
                    : Duration.between(Instant.ofEpochMilli(Long.parseLong(oldest.substring(0, oldest.indexOf('-')))),
                            now);
            figures.add(new QueueStats(reply.get(i), Long.parseLong(reply.get(i + 1)), Long.parseLong(reply.get(i + 2)),
                    Long.parseLong(reply.get(i + 3)), Long.parseLong(reply.get(i + 4)),
                    Long.parseLong(reply.get(i + 5)) / (double) MINUTE.toSeconds(),
                    age.isNegative() ? Duration.ZERO : age, reply.get(i + 7).equals("1")));
        }
        return figures;
    }

    @Override
    public Mono<Void> pause(String queue) {
        return store.redis().opsForSet().add(keys.paused(), queue).then().onErrorMap(store::translate);
    }

    @Override
    public Mono<Void> resume(String queue) {
        return store.redis().opsForSet().remove(keys.paused(), queue).then().onErrorMap(store::translate);
    }

    @Override
    public Mono<Set<String>> paused() {
        return store.redis().opsForSet().members(keys.paused())
                .collect(Collectors.toUnmodifiableSet())
                .onErrorMap(store::translate);
    }

    /**
     * Reads the record, then moves it in one script only if it is still that version, so a change in between (a
     * concurrent retry or delete) is seen and the call starts over. A foreign broker's retry follows the submit's
     * order: the record goes QUEUED but hidden, the broker publishes it (confirmed), then it is revealed; when the
     * publish fails the record is put back as the dead letter it was, and the failure goes to the caller.
     */
    @Override
    public Mono<DeadLetterResult> retryDeadLetter(String taskId) {
        return store.find(taskId).flatMap(task -> {
            if (task.state() != TaskState.FAILED) {
                return Mono.just(new DeadLetterResult(DeadLetterResult.Outcome.NOT_DEAD, task));
            }
            TaskRecord queued = task.queued(store.clock().instant());
            List<String> args = List.of(taskId, Long.toString(task.version()), keys.events(taskId), keys.prefix(),
                    RedisKeys.GROUP, queued.runAt().toString(), broker == null ? "1" : "0",
                    RedisTaskStore.sources(TaskState.QUEUED), Long.toString(store.clock().millis()));
            return scripts.retryDead.strings(List.of(keys.task(taskId), keys.deadLetters(), keys.index(),
                            keys.hidden(taskId), keys.hiddenSince()), args)
                    .flatMap(reply -> {
                        if (reply.getFirst().equals("CHANGED")) {
                            return retryDeadLetter(taskId);
                        }
                        TaskRecord retried = store.codec().record(RedisTaskStore.pairs(reply.subList(1, reply.size())));
                        if (retried == null) {
                            return Mono.empty();
                        }
                        // Once hidden, the record must be revealed or restored even if the caller goes away (a
                        // client that disconnects): left hidden, the sweep would delete the dead letter.
                        Mono<TaskRecord> visible = broker == null ? Mono.just(retried) : Mono.fromFuture(
                                broker.publish(retried)
                                        .onErrorResume(failure -> restore(task).then(Mono.error(failure)))
                                        .then(store.reveal(List.of(taskId)))
                                        .then(store.find(taskId))
                                        .toFuture(), true);
                        return visible.map(now -> new DeadLetterResult(DeadLetterResult.Outcome.RETRIED, now));
                    });
        }).onErrorMap(store::translate);
    }

    /** Puts back a dead letter whose retry its broker did not take. */
    private Mono<Void> restore(TaskRecord dead) {
        return Mono.defer(() -> {
            Map<String, String> fields = store.codec().fields(dead);
            List<String> args = new ArrayList<>(List.of(dead.id(), keys.prefix(), dead.queue(),
                    Long.toString(store.retentionOf(TaskState.FAILED).toMillis()), Long.toString(store.clock().millis()),
                    Integer.toString(fields.size())));
            fields.forEach((name, value) -> {
                args.add(name);
                args.add(value);
            });
            return scripts.restoreDead.number(List.of(keys.task(dead.id()), keys.hidden(dead.id()), keys.hiddenSince(),
                    keys.index()), args).then();
        });
    }

    @Override
    public Mono<DeadLetterResult> deleteDeadLetter(String taskId) {
        return scripts.deleteDead.strings(List.of(keys.task(taskId), keys.index(), keys.deadLetters()),
                        List.of(taskId, keys.prefix()))
                .mapNotNull(reply -> {
                    if (reply.getFirst().equals("UNKNOWN")) {
                        return null;
                    }
                    TaskRecord task = store.codec().record(RedisTaskStore.pairs(reply.subList(1, reply.size())));
                    return task == null ? null
                            : new DeadLetterResult(DeadLetterResult.Outcome.valueOf(reply.getFirst()), task);
                })
                .onErrorMap(store::translate);
    }
}
