package io.fourfold.transport.rabbit;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.transport.IdempotencyKey;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskRecords;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.RedisConnectionFailureException;
import reactor.core.publisher.Mono;

/** The store's record writes, of which the next {@link #start} or {@link #finish} can be made to fail once. */
final class FailingRecords implements TaskRecords {

    private final TaskRecords store;
    private final AtomicBoolean failStart = new AtomicBoolean();
    private final AtomicBoolean failFinish = new AtomicBoolean();

    FailingRecords(TaskRecords store) {
        this.store = store;
    }

    void failNextStart() {
        failStart.set(true);
    }

    void failNextFinish() {
        failFinish.set(true);
    }

    private static <T> Mono<T> orFail(AtomicBoolean fail, Mono<T> write) {
        return Mono.defer(() -> fail.getAndSet(false)
                ? Mono.error(new RedisConnectionFailureException("Redis went away (on purpose, in a test)"))
                : write);
    }

    @Override
    public Mono<Submission> insertHidden(List<TaskRecord> accepted, @Nullable IdempotencyKey key) {
        return store.insertHidden(accepted, key);
    }

    @Override
    public Mono<Void> reveal(List<String> ids) {
        return store.reveal(ids);
    }

    @Override
    public Mono<Void> dropHidden(List<String> ids, @Nullable IdempotencyKey key) {
        return store.dropHidden(ids, key);
    }

    @Override
    public Mono<Long> dropHiddenOlderThan(Duration age) {
        return store.dropHiddenOlderThan(age);
    }

    @Override
    public Mono<Start> start(String taskId, String workerId, ExecutorKind executor) {
        return orFail(failStart, store.start(taskId, workerId, executor));
    }

    @Override
    public Mono<Boolean> progress(String taskId, long fence, double fraction, @Nullable String message) {
        return store.progress(taskId, fence, fraction, message);
    }

    @Override
    public Mono<Boolean> finish(String taskId, long fence, TaskOutcome outcome) {
        return orFail(failFinish, store.finish(taskId, fence, outcome));
    }

    @Override
    public Mono<Boolean> handBack(String taskId, long fence) {
        return store.handBack(taskId, fence);
    }

    @Override
    public Mono<Boolean> fail(String taskId, TaskError reason) {
        return store.fail(taskId, reason);
    }
}
