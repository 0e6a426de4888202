package io.fourfold.transport.redis;

import io.fourfold.limit.TaskLimits;
import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.IdempotencyConflictException;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link TaskRecords} writes of {@link RedisTaskStore}, one script each; starts, outcomes and progress that
 * come in together go as one call of their script (see {@link Batcher}). They leave the Redis transport's own
 * scripts alone: those change a record and a stream in one step, which a foreign broker cannot.
 */
final class RedisRecordWrites implements TaskRecords {

    /** How long a client waits before retrying a key whose first submit is still under way. */
    private static final Duration UNDERWAY_RETRY_AFTER = Duration.ofSeconds(1);
    private static final int SWEEP_BATCH = 500;

    private final RedisTaskStore store;
    private final RedisKeys keys;
    private final RedisScripts scripts;
    private final RedisTaskCodec codec;
    private final Batcher<Starting, Start> starts = new Batcher<>(RedisStreamTransport.MAX_BATCH, this::startAll);
    private final Batcher<Finishing, Boolean> finishes = new Batcher<>(RedisStreamTransport.MAX_BATCH,
            this::finishAll);
    private final Batcher<Progress, Boolean> progresses = new Batcher<>(RedisStreamTransport.MAX_BATCH,
            this::progressAll);

    RedisRecordWrites(RedisTaskStore store) {
        this.store = store;
        this.keys = store.keys();
        this.scripts = store.scripts();
        this.codec = store.codec();
    }

    @Override
    public Mono<Submission> insertHidden(List<TaskRecord> accepted, @Nullable IdempotencyKey key) {
        return Mono.defer(() -> {
            List<String> args = new ArrayList<>();
            args.add(key == null ? "" : key.fingerprint());
            args.add(Long.toString(store.idempotencyRetention().toMillis()));
            args.add(keys.taskPrefix());
            args.add(keys.hiddenPrefix());
            Instant now = store.clock().instant();
            args.add(Long.toString(now.toEpochMilli()));
            args.add(Integer.toString(accepted.size()));
            for (TaskRecord task : accepted) {
                Map<String, String> fields = codec.fields(task);
                args.add(task.id());
                args.addAll(store.uniqueArgs(task, now));
                args.add(Integer.toString(fields.size()));
                fields.forEach((name, value) -> {
                    args.add(name);
                    args.add(value);
                });
            }
            return scripts.recordsInsert.strings(List.of(idempotencyKey(key), keys.hiddenSince()), args)
                    .flatMap(reply -> switch (reply.getFirst()) {
                        case "CONFLICT" -> Mono.error(new IdempotencyConflictException(key == null ? "" : key.key()));
                        case "UNDERWAY" -> Mono.error(new BackendUnavailableException("The first submit under "
                                + "Idempotency-Key " + (key == null ? "" : key.key()) + ", or of a unique task with "
                                + "the same key, is still under way", UNDERWAY_RETRY_AFTER, null));
                        case "REPLAYED" -> Flux.fromIterable(reply.subList(1, reply.size()))
                                .flatMapSequential(store::find)
                                .collectList()
                                .map(tasks -> new Submission(tasks, true));
                        default -> store.stored(accepted, reply);
                    });
        }).onErrorMap(store::translate);
    }

    @Override
    public Mono<Void> reveal(List<String> ids) {
        List<String> args = new ArrayList<>(List.of(keys.taskPrefix(), keys.hiddenPrefix(), keys.eventsPrefix(),
                keys.prefix(), Long.toString(store.clock().millis())));
        args.addAll(ids);
        return scripts.recordsReveal.number(List.of(keys.index(), keys.hiddenSince()), args)
                .then()
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Void> dropHidden(List<String> ids, @Nullable IdempotencyKey key) {
        List<String> args = new ArrayList<>(List.of(keys.hiddenPrefix(), String.join(",", ids)));
        args.addAll(ids);
        return scripts.recordsDrop.number(List.of(idempotencyKey(key), keys.hiddenSince()), args)
                .then()
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Long> dropHiddenOlderThan(Duration age) {
        Mono<Long> batch = Mono.defer(() -> scripts.recordsSweep.number(List.of(keys.hiddenSince()),
                List.of(keys.hiddenPrefix(), Long.toString(store.clock().millis() - age.toMillis()),
                        Integer.toString(SWEEP_BATCH))));
        return batch.expand(dropped -> dropped == SWEEP_BATCH ? batch : Mono.empty())
                .reduce(0L, Long::sum)
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Start> start(String taskId, String workerId, ExecutorKind executor) {
        return starts.call(new Starting(taskId, workerId, executor)).onErrorMap(store::translate);
    }

    /** Starts asked for together, by the attempts of one worker, go as one script call. */
    private Mono<List<Start>> startAll(List<Starting> batch) {
        Instant now = store.clock().instant();
        List<String> scriptKeys = new ArrayList<>(batch.size() * 2);
        List<String> args = new ArrayList<>(List.of(now.toString(), RedisTaskStore.sources(TaskState.RUNNING),
                RedisTaskStore.sources(TaskState.CANCELLED),
                Long.toString(store.retentionOf(TaskState.CANCELLED).toMillis()),
                RedisTaskStore.CANCELLED_BY_REQUEST.type(), RedisTaskStore.CANCELLED_BY_REQUEST.message(),
                keys.prefix(), Long.toString(now.toEpochMilli())));
        for (Starting starting : batch) {
            scriptKeys.add(keys.task(starting.taskId()));
            scriptKeys.add(keys.hidden(starting.taskId()));
            args.addAll(List.of(starting.workerId(), starting.executor().name(), keys.events(starting.taskId())));
        }
        return scripts.recordsStart.strings(scriptKeys, args).map(reply -> {
            List<Start> decisions = new ArrayList<>(batch.size());
            for (int i = 0; i < reply.size(); i += 3) {
                decisions.add(switch (reply.get(i)) {
                    case "RUN" -> new Start.Running(Long.parseLong(reply.get(i + 1)),
                            Integer.parseInt(reply.get(i + 2)));
                    case "HIDDEN" -> new Start.Hidden();
                    case "WAIT" -> new Start.Waiting(reply.get(i + 1), TaskLimits.WAIT);
                    default -> new Start.Refused(reply.get(i + 1));
                });
            }
            return decisions;
        });
    }

    private record Starting(String taskId, String workerId, ExecutorKind executor) {
    }

    @Override
    public Mono<Boolean> progress(String taskId, long fence, double fraction, @Nullable String message) {
        return progresses.call(new Progress(taskId, fence, Math.clamp(fraction, 0.0, 1.0), message == null ? "" : message))
                .onErrorMap(store::translate);
    }

    /** Progress reported together, by many running attempts, goes as one script call. */
    private Mono<List<Boolean>> progressAll(List<Progress> batch) {
        List<String> scriptKeys = new ArrayList<>(batch.size());
        List<String> args = new ArrayList<>(batch.size() * 4);
        for (Progress progress : batch) {
            scriptKeys.add(keys.task(progress.taskId()));
            args.addAll(List.of(Long.toString(progress.fence()), keys.events(progress.taskId()),
                    Double.toString(progress.fraction()), progress.message()));
        }
        return scripts.progress.strings(scriptKeys, args).map(reply -> reply.stream().map("1"::equals).toList());
    }

    private record Progress(String taskId, long fence, double fraction, String message) {
    }

    @Override
    public Mono<Boolean> finish(String taskId, long fence, TaskOutcome outcome) {
        return Mono.defer(() -> {
            String now = store.clock().instant().toString();
            List<String> sets = new ArrayList<>();
            List<String> unsets = new ArrayList<>();
            TaskState target = switch (outcome) {
                case TaskOutcome.Succeeded succeeded -> {
                    set(sets, RedisTaskCodec.PROGRESS, "1.0");
                    set(sets, RedisTaskCodec.FINISHED_AT, now);
                    unsets.addAll(List.of(RedisTaskCodec.ERROR_TYPE, RedisTaskCodec.ERROR_MESSAGE));
                    if (succeeded.result() == null) {
                        unsets.add(RedisTaskCodec.RESULT);
                    } else {
                        set(sets, RedisTaskCodec.RESULT, codec.write(succeeded.result()));
                    }
                    yield TaskState.SUCCEEDED;
                }
                case TaskOutcome.Failed failed -> {
                    error(sets, failed.error());
                    set(sets, RedisTaskCodec.FINISHED_AT, now);
                    yield TaskState.FAILED;
                }
                case TaskOutcome.Cancelled cancelled -> {
                    error(sets, RedisTaskStore.CANCELLED_BY_REQUEST);
                    set(sets, RedisTaskCodec.FINISHED_AT, now);
                    yield TaskState.CANCELLED;
                }
                case TaskOutcome.Retry retry -> {
                    error(sets, retry.error());
                    set(sets, RedisTaskCodec.RUN_AT, retry.runAt().toString());
                    yield TaskState.RETRYING;
                }
            };
            return write(taskId, fence, target, sets, unsets);
        }).onErrorMap(store::translate);
    }

    @Override
    public Mono<Boolean> handBack(String taskId, long fence) {
        return write(taskId, fence, TaskState.QUEUED, List.of(), List.of()).onErrorMap(store::translate);
    }

    @Override
    public Mono<Boolean> fail(String taskId, TaskError reason) {
        return Mono.defer(() -> {
                    Instant now = store.clock().instant();
                    return scripts.recordsFail.number(List.of(keys.task(taskId), keys.deadLetters()),
                            List.of(taskId, RedisTaskStore.sources(TaskState.FAILED), keys.events(taskId),
                                    Long.toString(store.retentionOf(TaskState.FAILED).toMillis()),
                                    Long.toString(store.properties().deadLetterMaxLength()), reason.type(),
                                    reason.message(), now.toString(), keys.prefix(),
                                    Long.toString(now.toEpochMilli())));
                })
                .map(written -> written == 1)
                .onErrorMap(store::translate);
    }

    private Mono<Boolean> write(String taskId, long fence, TaskState target, List<String> sets, List<String> unsets) {
        return finishes.call(new Finishing(taskId, fence, target, sets, unsets));
    }

    /** Outcomes and hand-backs that come in together go as one script call. */
    private Mono<List<Boolean>> finishAll(List<Finishing> batch) {
        List<String> scriptKeys = new ArrayList<>(batch.size() + 1);
        scriptKeys.add(keys.deadLetters());
        List<String> args = new ArrayList<>(List.of(keys.prefix(), Long.toString(store.clock().millis())));
        for (Finishing finishing : batch) {
            TaskState target = finishing.target();
            scriptKeys.add(keys.task(finishing.taskId()));
            args.add(Long.toString(finishing.fence()));
            args.add(RedisTaskStore.sources(target));
            args.add(keys.events(finishing.taskId()));
            args.add(finishing.taskId());
            args.add(target.isTerminal() ? Long.toString(store.retentionOf(target).toMillis()) : "");
            args.add(target == TaskState.FAILED ? Long.toString(store.properties().deadLetterMaxLength()) : "");
            args.add(Integer.toString(finishing.sets().size() / 2 + 1));
            args.add(RedisTaskCodec.STATE);
            args.add(target.name());
            args.addAll(finishing.sets());
            args.add(Integer.toString(finishing.unsets().size()));
            args.addAll(finishing.unsets());
        }
        return scripts.recordsFinish.strings(scriptKeys, args).map(reply -> reply.stream().map("1"::equals).toList());
    }

    private record Finishing(String taskId, long fence, TaskState target, List<String> sets, List<String> unsets) {
    }

    private String idempotencyKey(@Nullable IdempotencyKey key) {
        return key == null ? keys.idempotency("", "") : keys.idempotency(key.scope(), key.key());
    }

    private static void set(List<String> sets, String field, String value) {
        sets.add(field);
        sets.add(value);
    }

    private static void error(List<String> sets, TaskError error) {
        set(sets, RedisTaskCodec.ERROR_TYPE, error.type());
        set(sets, RedisTaskCodec.ERROR_MESSAGE, error.message());
    }
}
