package io.fourfold.transport.redis;

import io.fourfold.limit.TaskLimits;
import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.IdempotencyConflictException;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Work through Redis Streams: a stream per queue and priority with one consumer group; delayed and retrying tasks
 * wait in a sorted set by due time until a script moves them into their stream. Every step that changes a record
 * and a stream together is one script (see the {@code .lua} files next to this class).
 */
final class RedisStreamTransport implements TaskTransport, SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamTransport.class);
    /**
     * Stops after a worker's consumer (phase {@code DEFAULT_PHASE - 100}) has drained, and before the Redis
     * connection factory (phase 0): a move of due tasks after that would only fail and warn.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 200;
    /** Most starts or outcomes in one script call: long enough to amortise the call, short enough not to stall Redis. */
    static final int MAX_BATCH = 500;

    private final RedisTaskStore store;
    private final RedisKeys keys;
    private final RedisTaskCodec codec;
    private final RedisScripts scripts;
    private final RedisBackendProperties properties;
    /** Connections for blocking reads, one per waiting receive, never the shared one the other commands use. */
    private final ConcurrentLinkedDeque<ReactiveRedisConnection> blockingConnections = new ConcurrentLinkedDeque<>();
    /** When each set of queues was last searched for deliveries of dead consumers, in nanoTime. */
    private final Map<List<String>, Long> lastTakeover = new ConcurrentHashMap<>();
    /** Set when the periodic move of due tasks begins, or when the transport closes: it begins at most once. */
    private final AtomicBoolean moving = new AtomicBoolean();
    private volatile Disposable dueMover = Disposables.disposed();
    private volatile boolean dueMoverFailing;
    private volatile boolean running;
    /** Starts, outcomes and renewals that come in together go to Redis as one script call each. */
    private final Batcher<Starting, StartDecision> starts = new Batcher<>(MAX_BATCH, this::startAll);
    private final Batcher<Finishing, Boolean> finishes = new Batcher<>(MAX_BATCH, this::finishAll);
    private final Batcher<TaskLease, Boolean> renewals = new Batcher<>(MAX_BATCH, this::renewAll);

    RedisStreamTransport(RedisTaskStore store) {
        this.store = store;
        this.keys = store.keys();
        this.codec = store.codec();
        this.scripts = store.scripts();
        this.properties = store.properties();
    }

    @Override
    public Mono<Submission> submit(SubmitRequest request) {
        return Mono.defer(() -> {
            Instant now = store.clock().instant();
            List<TaskRecord> accepted = request.tasks().stream().map(task -> TaskRecord.accepted(task, now)).toList();
            @Nullable IdempotencyKey key = request.idempotencyKey();
            List<String> args = new ArrayList<>();
            args.add(RedisKeys.GROUP);
            args.add(key == null ? "" : key.fingerprint());
            args.add(Long.toString(store.idempotencyRetention().toMillis()));
            args.add(keys.taskPrefix());
            args.add(Integer.toString(accepted.size()));
            args.add(keys.prefix());
            args.add(Long.toString(now.toEpochMilli()));
            for (TaskRecord task : accepted) {
                Map<String, String> fields = codec.fields(task);
                args.add(task.id());
                args.add(keys.task(task.id()));
                args.add(fields.get(RedisTaskCodec.STREAM));
                args.add(task.state() == TaskState.SCHEDULED ? Long.toString(task.runAt().toEpochMilli()) : "");
                args.addAll(store.uniqueArgs(task, now));
                args.add(Integer.toString(fields.size()));
                fields.forEach((name, value) -> {
                    args.add(name);
                    args.add(value);
                });
            }
            String keyName = key == null ? keys.idempotency("", "") : keys.idempotency(key.scope(), key.key());
            return scripts.submit.strings(List.of(keyName, keys.index(), keys.due()), args)
                    .flatMap(reply -> switch (reply.getFirst()) {
                        case "CONFLICT" -> Mono.error(new IdempotencyConflictException(key == null ? "" : key.key()));
                        case "REPLAYED" -> Flux.fromIterable(reply.subList(1, reply.size()))
                                .flatMapSequential(store::find)
                                .collectList()
                                .map(tasks -> new Submission(tasks, true));
                        default -> store.stored(accepted, reply);
                    });
        }).onErrorMap(store::translate);
    }

    @Override
    public Mono<List<TaskDelivery>> receive(String consumer, List<String> queues, int max, Duration wait) {
        if (consumer.isEmpty() || consumer.chars().anyMatch(Character::isWhitespace)) {
            return Mono.error(new IllegalArgumentException("A consumer name must be non-empty, without spaces"));
        }
        if (max <= 0 || queues.isEmpty()) {
            return Mono.just(List.of());
        }
        startMovingDueTasks();
        List<String> streams = queues.stream().flatMap(queue -> keys.streams(queue).stream()).toList();
        long deadline = System.nanoTime() + wait.toNanos();
        return receiveUntil(consumer, streams, max, deadline, takeoverDue(queues)).onErrorMap(store::translate);
    }

    /**
     * Reads what is there; when nothing is, blocks on a dedicated connection until an entry newer than the ones the
     * read saw arrives (or the deadline passes), then reads again. The blocking read is a plain XREAD that takes
     * nothing, so the script alone decides what is delivered and never hands out more than {@code max}.
     */
    private Mono<List<TaskDelivery>> receiveUntil(String consumer, List<String> streams, int max, long deadline,
            boolean takeover) {
        List<String> scriptKeys = new ArrayList<>(streams.size() + 1);
        scriptKeys.add(keys.claimCursors());
        scriptKeys.addAll(streams);
        List<String> args = List.of(RedisKeys.GROUP, consumer, Integer.toString(max), takeover ? "1" : "0",
                Long.toString(properties.lease().toMillis()));
        return scripts.read.strings(scriptKeys, args).flatMap(reply -> {
            if (reply.getFirst().equals("ENTRIES")) {
                return Mono.just(deliveries(consumer, reply));
            }
            long left = deadline - System.nanoTime();
            if (left < Duration.ofMillis(1).toNanos()) {
                return Mono.just(List.<TaskDelivery>of());
            }
            return awaitNewEntries(streams, reply.subList(1, reply.size()), Duration.ofNanos(left))
                    .then(Mono.defer(() -> receiveUntil(consumer, streams, max, deadline, false)));
        });
    }

    private List<TaskDelivery> deliveries(String consumer, List<String> reply) {
        List<TaskDelivery> deliveries = new ArrayList<>((reply.size() - 1) / 6);
        for (int i = 1; i + 5 < reply.size(); i += 6) {
            String stream = reply.get(i);
            String entry = reply.get(i + 1);
            String taskId = reply.get(i + 2);
            int prior = Integer.parseInt(reply.get(i + 4));
            int deliveredHere = Integer.parseInt(reply.get(i + 5));
            DeliveryHandle handle = new DeliveryHandle(entry, consumer, stream);
            deliveries.add(new TaskDelivery(handle.id(), codec.envelope(reply.get(i + 3), taskId),
                    prior + deliveredHere, handle.addedAt()));
        }
        return deliveries;
    }

    private Mono<Void> awaitNewEntries(List<String> streams, List<String> lastIds, Duration timeout) {
        @SuppressWarnings("unchecked")
        StreamOffset<ByteBuffer>[] offsets = new StreamOffset[streams.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = StreamOffset.create(ByteBuffer.wrap(streams.get(i).getBytes(StandardCharsets.UTF_8)),
                    ReadOffset.from(lastIds.get(i)));
        }
        StreamReadOptions blocking = StreamReadOptions.empty().count(1).block(timeout);
        return Mono.usingWhen(borrowBlockingConnection(),
                        connection -> connection.streamCommands().xRead(blocking, offsets).then(),
                        connection -> Mono.fromRunnable(() -> blockingConnections.push(connection)),
                        (connection, failure) -> connection.closeLater(),
                        connection -> connection.closeLater())
                // A command timeout shorter than the wait only ends this wait early; the caller reads again.
                .onErrorResume(QueryTimeoutException.class, timedOut -> Mono.empty());
    }

    private Mono<ReactiveRedisConnection> borrowBlockingConnection() {
        return Mono.fromCallable(() -> {
            ReactiveRedisConnection idle = blockingConnections.poll();
            return idle != null ? idle : store.connections().getReactiveConnection();
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private boolean takeoverDue(List<String> queues) {
        long now = System.nanoTime();
        long interval = properties.claimInterval().toNanos();
        AtomicBoolean due = new AtomicBoolean();
        lastTakeover.compute(List.copyOf(queues), (queueSet, last) -> {
            if (last == null || now - last >= interval) {
                due.set(true);
                return now;
            }
            return last;
        });
        return due.get();
    }

    @Override
    public Mono<StartDecision> start(TaskDelivery delivery, String workerId, ExecutorKind executor) {
        return starts.call(new Starting(delivery, workerId, executor)).onErrorMap(store::translate);
    }

    /** Starts the deliveries that came in together in one script call. */
    private Mono<List<StartDecision>> startAll(List<Starting> batch) {
        List<String> scriptKeys = new ArrayList<>(batch.size() * 2);
        List<String> args = new ArrayList<>(9 + batch.size() * 5);
        Instant now = store.clock().instant();
        args.addAll(List.of(RedisKeys.GROUP, now.toString(),
                RedisTaskStore.sources(TaskState.RUNNING), RedisTaskStore.sources(TaskState.CANCELLED),
                Long.toString(store.retentionOf(TaskState.CANCELLED).toMillis()),
                RedisTaskStore.CANCELLED_BY_REQUEST.type(), RedisTaskStore.CANCELLED_BY_REQUEST.message(),
                keys.prefix(), Long.toString(now.toEpochMilli())));
        for (Starting starting : batch) {
            DeliveryHandle handle = DeliveryHandle.parse(starting.delivery().deliveryId());
            String id = starting.delivery().taskId();
            scriptKeys.add(keys.task(id));
            scriptKeys.add(handle.stream());
            args.addAll(List.of(handle.consumer(), handle.entry(), starting.workerId(), starting.executor().name(),
                    keys.events(id)));
        }
        return scripts.start.strings(scriptKeys, args).map(reply -> {
            List<StartDecision> decisions = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                int at = i * 3;
                decisions.add(switch (reply.get(at)) {
                    case "RUN" -> new StartDecision.Run(new TaskLease(batch.get(i).delivery(),
                            Long.parseLong(reply.get(at + 1)), Integer.parseInt(reply.get(at + 2))));
                    case "WAIT" -> new StartDecision.Wait(reply.get(at + 1), TaskLimits.WAIT);
                    default -> new StartDecision.Skip(reply.get(at + 1));
                });
            }
            return decisions;
        });
    }

    private record Starting(TaskDelivery delivery, String workerId, ExecutorKind executor) {
    }

    @Override
    public Optional<Lease> lease() {
        return Optional.of(new Lease(properties.lease(), "fourfold.redis.lease"));
    }

    @Override
    public Mono<Boolean> renew(TaskLease lease) {
        return renewals.call(lease).onErrorMap(store::translate);
    }

    /** Renews the leases that came due together in one script call: a worker holding many tasks renews in bulk. */
    private Mono<List<Boolean>> renewAll(List<TaskLease> batch) {
        List<String> scriptKeys = new ArrayList<>(batch.size() * 2);
        List<String> args = new ArrayList<>(1 + batch.size() * 3);
        args.add(RedisKeys.GROUP);
        for (TaskLease lease : batch) {
            DeliveryHandle handle = DeliveryHandle.parse(lease.delivery().deliveryId());
            scriptKeys.add(handle.stream());
            scriptKeys.add(keys.task(lease.taskId()));
            args.addAll(List.of(handle.consumer(), handle.entry(), Long.toString(lease.fence())));
        }
        return scripts.renew.strings(scriptKeys, args).map(reply -> reply.stream().map("1"::equals).toList());
    }

    @Override
    public Mono<Boolean> progress(TaskLease lease, double fraction, String message) {
        return store.progress(lease.taskId(), lease.fence(), fraction, message);
    }

    @Override
    public Mono<Boolean> complete(TaskLease lease, TaskOutcome outcome) {
        return Mono.defer(() -> {
            String now = store.clock().instant().toString();
            return switch (outcome) {
                case TaskOutcome.Succeeded succeeded -> {
                    Change change = new Change(TaskState.SUCCEEDED)
                            .set(RedisTaskCodec.PROGRESS, "1.0")
                            .set(RedisTaskCodec.FINISHED_AT, now)
                            .unset(RedisTaskCodec.ERROR_TYPE, RedisTaskCodec.ERROR_MESSAGE);
                    if (succeeded.result() == null) {
                        change.unset(RedisTaskCodec.RESULT);
                    } else {
                        change.set(RedisTaskCodec.RESULT, codec.write(succeeded.result()));
                    }
                    yield finish(lease, change.finished(), null, null);
                }
                case TaskOutcome.Failed failed -> finish(lease,
                        new Change(TaskState.FAILED).error(failed.error()).set(RedisTaskCodec.FINISHED_AT, now).finished(),
                        null, null);
                case TaskOutcome.Cancelled cancelled -> finish(lease,
                        new Change(TaskState.CANCELLED).error(RedisTaskStore.CANCELLED_BY_REQUEST)
                                .set(RedisTaskCodec.FINISHED_AT, now).finished(),
                        null, null);
                case TaskOutcome.Retry retry -> finish(lease,
                        new Change(TaskState.RETRYING).error(retry.error())
                                .set(RedisTaskCodec.RUN_AT, retry.runAt().toString()),
                        retry.runAt(), null);
            };
        }).onErrorMap(store::translate);
    }

    @Override
    public Mono<Void> release(TaskLease lease) {
        // A hand-back on drain is not the task's fault: it does not count as a delivery towards the poison limit.
        int prior = Math.max(0, lease.delivery().deliveries() - 1);
        return Mono.defer(() -> finish(lease, new Change(TaskState.QUEUED), null, prior))
                .then()
                .onErrorMap(store::translate);
    }

    private Mono<Boolean> finish(TaskLease lease, Change change, @Nullable Instant dueAt, @Nullable Integer requeue) {
        return finishes.call(new Finishing(lease, change, dueAt, requeue));
    }

    /** Ends the attempts whose outcomes came in together in one script call. */
    private Mono<List<Boolean>> finishAll(List<Finishing> batch) {
        List<String> scriptKeys = new ArrayList<>(batch.size() * 4);
        List<String> args = new ArrayList<>(3 + batch.size() * 24);
        args.add(RedisKeys.GROUP);
        args.add(keys.prefix());
        args.add(Long.toString(store.clock().millis()));
        for (Finishing finishing : batch) {
            TaskLease lease = finishing.lease();
            Change change = finishing.change();
            DeliveryHandle handle = DeliveryHandle.parse(lease.delivery().deliveryId());
            String id = lease.taskId();
            scriptKeys.addAll(List.of(keys.task(id), handle.stream(), keys.due(), keys.deadLetters()));
            args.add(handle.entry());
            args.add(Long.toString(lease.fence()));
            args.add(RedisTaskStore.sources(change.target));
            args.add(keys.events(id));
            args.add(id);
            args.add(change.finished ? Long.toString(store.retentionOf(change.target).toMillis()) : "");
            args.add(finishing.dueAt() == null ? "" : Long.toString(finishing.dueAt().toEpochMilli()));
            args.add(finishing.requeue() == null ? "" : Integer.toString(finishing.requeue()));
            args.add(change.target == TaskState.FAILED ? Long.toString(properties.deadLetterMaxLength()) : "");
            change.addTo(args);
        }
        return scripts.finish.strings(scriptKeys, args)
                .map(reply -> reply.stream().map("1"::equals).toList());
    }

    private record Finishing(TaskLease lease, Change change, @Nullable Instant dueAt, @Nullable Integer requeue) {
    }

    @Override
    public Mono<Void> returnUnstarted(TaskDelivery delivery) {
        return Mono.defer(() -> {
            DeliveryHandle handle = DeliveryHandle.parse(delivery.deliveryId());
            return scripts.giveBack.number(List.of(handle.stream()), List.of(RedisKeys.GROUP, handle.consumer(),
                    handle.entry(), Integer.toString(delivery.deliveries())));
        }).then().onErrorMap(store::translate);
    }

    @Override
    public Mono<Void> defer(TaskDelivery delivery, Duration delay) {
        return Mono.defer(() -> {
            DeliveryHandle handle = DeliveryHandle.parse(delivery.deliveryId());
            long now = store.clock().millis();
            return scripts.defer.number(List.of(handle.stream(), keys.due(), keys.task(delivery.taskId())),
                    List.of(RedisKeys.GROUP, handle.consumer(), handle.entry(), delivery.taskId(),
                            Long.toString(now + delay.toMillis()),
                            Integer.toString(Math.max(0, delivery.deliveries() - 1)), keys.prefix(),
                            Long.toString(now)));
        }).then().onErrorMap(store::translate);
    }

    @Override
    public Mono<Void> deadLetter(TaskDelivery delivery, TaskError reason) {
        return Mono.defer(() -> {
            DeliveryHandle handle = DeliveryHandle.parse(delivery.deliveryId());
            String id = delivery.taskId();
            Instant now = store.clock().instant();
            List<String> args = List.of(RedisKeys.GROUP, handle.consumer(), handle.entry(), id,
                    RedisTaskStore.sources(TaskState.FAILED), keys.events(id),
                    Long.toString(store.retentionOf(TaskState.FAILED).toMillis()),
                    Long.toString(properties.deadLetterMaxLength()), reason.type(), reason.message(),
                    now.toString(), keys.prefix(), Long.toString(now.toEpochMilli()));
            return scripts.deadLetter.number(List.of(keys.task(id), handle.stream(), keys.deadLetters()), args);
        }).then().onErrorMap(store::translate);
    }

    /** Starts this process's periodic move of due tasks, on its first receive: only consuming processes move. */
    private void startMovingDueTasks() {
        if (!moving.compareAndSet(false, true)) {
            return;
        }
        // Ticks on a thread that may block: before Redis was first reached, getting the connection waits for it.
        dueMover = Flux.interval(Duration.ZERO, properties.dueInterval(), Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> moveDueTasks()
                        .doOnSuccess(moved -> {
                            if (dueMoverFailing) {
                                dueMoverFailing = false;
                                log.info("Moving due tasks works again");
                            }
                        })
                        .onErrorResume(failure -> {
                            if (!dueMoverFailing) {
                                dueMoverFailing = true;
                                log.warn("Cannot move due tasks into their streams; retrying every {}",
                                        properties.dueInterval(), failure);
                            }
                            return Mono.empty();
                        }))
                .subscribe();
    }

    /** Moves every task that is due now, batch after batch. */
    Mono<Void> moveDueTasks() {
        String queueable = RedisTaskStore.states(state -> state.isWaiting() && state.canMoveTo(TaskState.QUEUED));
        Mono<Long> batch = Mono.defer(() -> scripts.moveDue.number(List.of(keys.due()),
                List.of(RedisKeys.GROUP, Long.toString(store.clock().millis()),
                        Integer.toString(properties.dueBatchSize()), queueable, keys.taskPrefix(),
                        keys.eventsPrefix(), keys.prefix())));
        return batch.expand(moved -> moved == properties.dueBatchSize() ? batch : Mono.empty()).then();
    }

    /** Nothing to start: the periodic move of due tasks begins with the first receive. */
    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        close();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void close() {
        moving.set(true);
        dueMover.dispose();
        ReactiveRedisConnection connection;
        while ((connection = blockingConnections.poll()) != null) {
            connection.close();
        }
    }

    /** The fields a move writes, in the "count, name, value, ..., count, name, ..." form the scripts read. */
    private static final class Change {
        private final TaskState target;
        private final List<String> sets = new ArrayList<>();
        private final List<String> unsets = new ArrayList<>();
        private boolean finished;

        private Change(TaskState target) {
            this.target = target;
            set(RedisTaskCodec.STATE, target.name());
        }

        private Change set(String field, String value) {
            sets.add(field);
            sets.add(value);
            return this;
        }

        private Change unset(String... fields) {
            unsets.addAll(List.of(fields));
            return this;
        }

        private Change error(TaskError error) {
            return set(RedisTaskCodec.ERROR_TYPE, error.type()).set(RedisTaskCodec.ERROR_MESSAGE, error.message());
        }

        /** The task ends here: its record gets its retention. */
        private Change finished() {
            finished = true;
            return this;
        }

        private void addTo(List<String> args) {
            args.add(Integer.toString(sets.size() / 2));
            args.addAll(sets);
            args.add(Integer.toString(unsets.size()));
            args.addAll(unsets);
        }
    }
}
