package io.fourfold.transport.redis;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.task.Uniqueness;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.CancelResult;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskPage;
import io.fourfold.transport.TaskQuery;
import io.fourfold.transport.TaskRecords;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.ReactiveSubscription;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The state store in Redis: records as hashes, changes published on a channel per task, the list index as a sorted
 * set, the worker registry as keys with a TTL. Both broker modes keep their state here, so it stands on its own:
 * the RabbitMQ backend makes one with {@link #create} (or gets the bean that {@link RedisStoreAutoConfiguration}
 * defines for {@code fourfold.transport=rabbitmq}). For such a transport it also offers the fenced
 * {@link TaskRecords} writes (see {@link RedisRecordWrites}).
 */
public final class RedisTaskStore implements TaskStore, TaskRecords, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisTaskStore.class);
    /** How many index entries one list call looks at before it answers a short page with a cursor. */
    private static final int LIST_SCAN_BUDGET = 10_000;
    private static final int INDEX_SWEEP_BATCH = 1_000;
    /** The error a task cancelled by a client carries, as {@link TaskRecord#cancelled} writes it. */
    static final TaskError CANCELLED_BY_REQUEST = new TaskError(TaskError.CANCELLED, "Cancelled by request");
    /** Redis error codes that say "not now" rather than "never". */
    private static final List<String> TRANSIENT_ERRORS = List.of("OOM", "LOADING", "BUSY", "READONLY", "MASTERDOWN",
            "TRYAGAIN");

    private final ReactiveRedisConnectionFactory connections;
    private final ReactiveStringRedisTemplate redis;
    private final RedisBackendProperties properties;
    private final FourfoldProperties.Store retention;
    private final RedisKeys keys;
    private final RedisTaskCodec codec;
    private final RedisScripts scripts;
    private final Clock clock;
    private final Disposable indexSweep;
    private final RedisRecordWrites writes;
    private @Nullable ReactiveRedisMessageListenerContainer listeners;

    private RedisTaskStore(ReactiveRedisConnectionFactory connections, RedisBackendProperties properties,
            FourfoldProperties.Store retention, Clock clock) {
        this.connections = new EventLoopSafeConnections(connections);
        this.redis = new ReactiveStringRedisTemplate(this.connections);
        this.properties = properties;
        this.retention = retention;
        this.keys = new RedisKeys(properties.keyPrefix());
        this.codec = new RedisTaskCodec(keys);
        this.scripts = new RedisScripts(redis);
        this.clock = clock;
        this.writes = new RedisRecordWrites(this);
        // Ticks on a thread that may block: before Redis was first reached, getting the connection waits for it.
        this.indexSweep = Flux.interval(properties.indexSweepInterval(), Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> sweepIndex().onErrorResume(failure -> {
                    log.debug("Index sweep failed; trying again in {}", properties.indexSweepInterval(), failure);
                    return Mono.empty();
                }))
                .subscribe();
    }

    /**
     * A store on the given connections. It talks to Redis only when used; {@link #close} stops its index sweep and
     * its subscriptions.
     */
    public static RedisTaskStore create(ReactiveRedisConnectionFactory connections, RedisBackendProperties properties,
            FourfoldProperties.Store retention) {
        return new RedisTaskStore(connections, properties, retention, Clock.systemUTC());
    }

    @Override
    public Mono<TaskRecord> find(String id) {
        return redis.<String, String>opsForHash().entries(keys.task(id))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .mapNotNull(codec::record)
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<TaskPage> list(TaskQuery query) {
        if (query.limit() <= 0) {
            return Mono.just(new TaskPage(List.of(), null));
        }
        List<String> args = List.of(keys.taskPrefix(), orEmpty(query.cursor()),
                query.state() == null ? "" : query.state().name(), orEmpty(query.type()), orEmpty(query.queue()),
                Integer.toString(query.limit()), Integer.toString(LIST_SCAN_BUDGET));
        return scripts.list.strings(List.of(keys.index()), args)
                .flatMap(reply -> Flux.fromIterable(reply.subList(1, reply.size()))
                        .flatMapSequential(this::find)
                        .collectList()
                        .map(tasks -> new TaskPage(tasks, reply.getFirst().isEmpty() ? null : reply.getFirst())))
                .onErrorMap(this::translate);
    }

    /**
     * Subscribes to the task's channel first and reads the snapshot only then, so no change falls between the two;
     * every event carries the whole record, so none is skipped when changes come quickly.
     */
    @Override
    public Flux<TaskRecord> follow(String id) {
        ChannelTopic topic = ChannelTopic.of(keys.events(id));
        return listeners()
                .flatMap(container -> container.receiveLater(topic))
                .flatMapMany(messages -> {
                    AtomicLong seen = new AtomicLong(Long.MIN_VALUE);
                    Flux<Optional<TaskRecord>> changes = messages.map(
                            message -> Optional.ofNullable(codec.recordFromEvent(message.getMessage())));
                    Mono<Optional<TaskRecord>> snapshot = find(id).map(Optional::of).defaultIfEmpty(Optional.empty());
                    return Flux.merge(changes, snapshot)
                            .takeWhile(Optional::isPresent)
                            .map(Optional::get)
                            .filter(task -> task.version() > seen.get())
                            .doOnNext(task -> seen.set(task.version()))
                            .takeUntil(task -> task.state().isTerminal());
                })
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<CancelResult> cancel(String id) {
        Instant now = clock.instant();
        List<String> args = List.of(id, keys.events(id), keys.cancels(), states(TaskState::isWaiting),
                states(TaskState::isTerminal), sources(TaskState.CANCELLED), now.toString(),
                Long.toString(retention.retention().toMillis()), CANCELLED_BY_REQUEST.type(), CANCELLED_BY_REQUEST.message(),
                keys.prefix(), Long.toString(now.toEpochMilli()));
        return scripts.cancel.strings(List.of(keys.task(id), keys.due()), args)
                .mapNotNull(reply -> {
                    if (reply.getFirst().equals("UNKNOWN")) {
                        return null;
                    }
                    TaskRecord task = codec.record(pairs(reply.subList(1, reply.size())));
                    return task == null ? null
                            : new CancelResult(CancelResult.Outcome.valueOf(reply.getFirst()), task);
                })
                .onErrorMap(this::translate);
    }

    /** Keeps listening across Redis restarts: a worker must not go deaf to cancels after a blip. */
    @Override
    public Flux<String> cancelRequests() {
        return listeners()
                .flatMapMany(container -> container.receive(ChannelTopic.of(keys.cancels())))
                .map(ReactiveSubscription.Message::getMessage)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)));
    }

    @Override
    public Mono<Void> heartbeat(WorkerInfo worker, Duration ttl) {
        List<String> args = List.of(worker.id(), codec.write(worker), Long.toString(ttl.toMillis()),
                Long.toString(clock.millis() + ttl.toMillis()));
        return scripts.heartbeat.number(List.of(keys.worker(worker.id()), keys.workers()), args)
                .then()
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<Void> removeWorker(String workerId) {
        return redis.delete(keys.worker(workerId))
                .then(redis.opsForZSet().remove(keys.workers(), workerId))
                .then()
                .onErrorMap(this::translate);
    }

    @Override
    public Flux<WorkerInfo> workers() {
        return scripts.workers.strings(List.of(keys.workers()),
                        List.of(Long.toString(clock.millis()), keys.workerPrefix()))
                .flatMapIterable(descriptions -> descriptions)
                .map(description -> codec.read(description, WorkerInfo.class))
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<Void> registerTaskTypes(Collection<TaskTypeInfo> types) {
        if (types.isEmpty()) {
            return Mono.empty();
        }
        Map<String, String> registrations = types.stream()
                .collect(Collectors.toMap(TaskTypeInfo::type, codec::write, (first, last) -> last, LinkedHashMap::new));
        return redis.<String, String>opsForHash().putAll(keys.taskTypes(), registrations)
                .then()
                .onErrorMap(this::translate);
    }

    @Override
    public Flux<TaskTypeInfo> taskTypes() {
        return redis.<String, String>opsForHash().values(keys.taskTypes())
                .map(registration -> codec.read(registration, TaskTypeInfo.class))
                .sort(Comparator.comparing(TaskTypeInfo::type))
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<Submission> insertHidden(List<TaskRecord> accepted, @Nullable IdempotencyKey key) {
        return writes.insertHidden(accepted, key);
    }

    @Override
    public Mono<Void> reveal(List<String> ids) {
        return writes.reveal(ids);
    }

    @Override
    public Mono<Void> dropHidden(List<String> ids, @Nullable IdempotencyKey key) {
        return writes.dropHidden(ids, key);
    }

    @Override
    public Mono<Long> dropHiddenOlderThan(Duration age) {
        return writes.dropHiddenOlderThan(age);
    }

    @Override
    public Mono<Start> start(String taskId, String workerId, ExecutorKind executor) {
        return writes.start(taskId, workerId, executor);
    }

    @Override
    public Mono<Boolean> progress(String taskId, long fence, double fraction, @Nullable String message) {
        return writes.progress(taskId, fence, fraction, message);
    }

    @Override
    public Mono<Boolean> finish(String taskId, long fence, TaskOutcome outcome) {
        return writes.finish(taskId, fence, outcome);
    }

    @Override
    public Mono<Boolean> handBack(String taskId, long fence) {
        return writes.handBack(taskId, fence);
    }

    @Override
    public Mono<Boolean> fail(String taskId, TaskError reason) {
        return writes.fail(taskId, reason);
    }

    /** Drops index entries of expired records, one batch after another until the sweep reaches the newest id. */
    Mono<Void> sweepIndex() {
        Mono<Long> batch = scripts.sweepIndex.number(List.of(keys.index(), keys.indexSweepCursor()),
                List.of(keys.taskPrefix(), Integer.toString(INDEX_SWEEP_BATCH)));
        return batch.expand(done -> done == 1 ? Mono.empty() : batch).then();
    }

    @Override
    public void close() {
        indexSweep.dispose();
        ReactiveRedisMessageListenerContainer container;
        synchronized (this) {
            container = listeners;
            listeners = null;
        }
        if (container != null) {
            container.destroy();
        }
    }

    /** The pub/sub container, made on first use: making it connects, which must not happen at startup. */
    private Mono<ReactiveRedisMessageListenerContainer> listeners() {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                if (listeners == null) {
                    listeners = new ReactiveRedisMessageListenerContainer(connections);
                }
                return listeners;
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    ReactiveStringRedisTemplate redis() {
        return redis;
    }

    ReactiveRedisConnectionFactory connections() {
        return connections;
    }

    RedisKeys keys() {
        return keys;
    }

    RedisTaskCodec codec() {
        return codec;
    }

    RedisScripts scripts() {
        return scripts;
    }

    RedisBackendProperties properties() {
        return properties;
    }

    Clock clock() {
        return clock;
    }

    /** How long a record that just reached {@code state} is kept. */
    Duration retentionOf(TaskState state) {
        return state == TaskState.FAILED ? retention.deadLetterRetention() : retention.retention();
    }

    Duration idempotencyRetention() {
        return retention.retention();
    }

    /**
     * Turns "Redis cannot take this now" into the SPI's {@link BackendUnavailableException}: unreachable, timed out,
     * or refusing for a while (out of memory, loading, busy, a replica during failover). Anything else passes
     * unchanged: a script error is a bug.
     */
    Throwable translate(Throwable failure) {
        // Scripts run on Lettuce directly, so its exceptions arrive bare as well as wrapped by Spring Data.
        Throwable redis = failure instanceof RedisSystemException ? failure.getCause() : failure;
        boolean unavailable = failure instanceof DataAccessResourceFailureException
                || failure instanceof QueryTimeoutException
                || (redis instanceof RedisException
                        && (!(redis instanceof RedisCommandExecutionException) || isTransient(redis.getMessage())));
        if (!unavailable) {
            return failure;
        }
        return new BackendUnavailableException("Redis cannot be reached: " + reason(failure),
                properties.unavailableRetryAfter(), failure);
    }

    /** The failure's message and, when it has a cause, the root one's: where Redis says why (NOAUTH, WRONGPASS). */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + ": " + root;
    }

    private static boolean isTransient(@Nullable String error) {
        return error != null && TRANSIENT_ERRORS.stream().anyMatch(error::startsWith);
    }

    /**
     * The three arguments a submit script reads per task for its unique key: the holder key ('' when it has none),
     * the states in which a task with the key stands for it, and how long the key holds (as long as a finished record
     * stays, after it is due).
     */
    List<String> uniqueArgs(TaskRecord task, Instant now) {
        Uniqueness unique = task.unique();
        if (unique == null) {
            return List.of("", "", "");
        }
        Duration wait = Duration.between(now, task.runAt());
        Duration hold = retention.retention().plus(wait.isNegative() ? Duration.ZERO : wait);
        return List.of(keys.unique(unique.key()), states(unique.mode()::standsFor), Long.toString(hold.toMillis()));
    }

    /**
     * The answer to a submit whose script replied {@code STORED}: the tasks asked for, with each one that was not
     * made replaced by the unique task that stands for it (the reply's index, id pairs).
     */
    Mono<Submission> stored(List<TaskRecord> accepted, List<String> reply) {
        if (reply.size() == 1) {
            return Mono.just(new Submission(accepted, false));
        }
        Map<Integer, String> standing = new HashMap<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            standing.put(Integer.parseInt(reply.get(i)) - 1, reply.get(i + 1));
        }
        // A task made by this submit may stand for a later one of it (its record may still be hidden).
        Map<String, TaskRecord> madeNow = accepted.stream().collect(Collectors.toMap(TaskRecord::id, task -> task));
        return Flux.fromIterable(Set.copyOf(standing.values()))
                .filter(id -> !madeNow.containsKey(id))
                .flatMap(this::find)
                .collectMap(TaskRecord::id)
                .map(found -> {
                    List<TaskRecord> tasks = new ArrayList<>(accepted);
                    standing.forEach((index, id) -> {
                        TaskRecord holder = madeNow.getOrDefault(id, found.get(id));
                        if (holder == null) {
                            // Removed just now (it finished and expired): a rare race, told as unavailable.
                            throw new BackendUnavailableException("The unique task " + id + " that stands for "
                                    + "this one is gone; submit again", properties.unavailableRetryAfter(), null);
                        }
                        tasks.set(index, holder);
                    });
                    return new Submission(tasks, false, found.keySet());
                });
    }

    /** The names of the states that satisfy {@code test}, as the comma-framed list the scripts read. */
    static String states(Predicate<TaskState> test) {
        StringBuilder list = new StringBuilder(",");
        for (TaskState state : TaskState.values()) {
            if (test.test(state)) {
                list.append(state.name()).append(',');
            }
        }
        return list.toString();
    }

    /** The states from which {@code target} may be reached, from the one state table. */
    static String sources(TaskState target) {
        return states(TaskState.sourcesOf(target)::contains);
    }

    static Map<String, String> pairs(List<String> flat) {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i), flat.get(i + 1));
        }
        return fields;
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
