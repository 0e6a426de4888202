package io.fourfold.worker;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskEnvelope;
import io.fourfold.task.TaskError;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A real transport whose deliveries of chosen tasks arrive as a broker could hand them over: delivered too often
 * (a poison task), or written by a newer version that this worker cannot read; and a broker that goes down, or
 * whose renewals say another worker took a task over.
 */
public final class TamperingTransport implements TaskTransport {

    private final TaskTransport delegate;
    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    private final Set<String> fromTheFuture = ConcurrentHashMap.newKeySet();
    private final Set<String> takenOver = ConcurrentHashMap.newKeySet();
    private final AtomicInteger receives = new AtomicInteger();
    private volatile boolean down;
    private volatile @Nullable Lease lease;

    public TamperingTransport(TaskTransport delegate) {
        this.delegate = delegate;
    }

    /** The backend says its leases lapse after {@code duration}, set by {@code property}. */
    public void lease(Duration duration, String property) {
        lease = new Lease(duration, property);
    }

    @Override
    public Optional<Lease> lease() {
        return Optional.ofNullable(lease);
    }

    /** Deliveries of this task arrive as if delivered 100 times. */
    public void poison(String taskId) {
        poisoned.add(taskId);
    }

    /** Deliveries of this task arrive with an envelope schema version from the future. */
    public void unreadable(String taskId) {
        fromTheFuture.add(taskId);
    }

    /** Renewals of this task's lease answer that another worker has taken it over. */
    public void takeOver(String taskId) {
        takenOver.add(taskId);
    }

    /** While down, every receive fails as a broker outage would. */
    public void down(boolean isDown) {
        down = isDown;
    }

    /** How many receives were asked for so far. */
    public int receives() {
        return receives.get();
    }

    @Override
    public Mono<List<TaskDelivery>> receive(String consumer, List<String> queues, int max, Duration wait) {
        receives.incrementAndGet();
        if (down) {
            return Mono.error(new BackendUnavailableException("The broker is down", Duration.ofSeconds(1), null));
        }
        return delegate.receive(consumer, queues, max, wait).map(batch -> batch.stream().map(this::tamper).toList());
    }

    private TaskDelivery tamper(TaskDelivery delivery) {
        TaskEnvelope envelope = delivery.envelope();
        if (fromTheFuture.contains(delivery.taskId())) {
            envelope = new TaskEnvelope(TaskEnvelope.SCHEMA_VERSION + 1, envelope.taskId(), envelope.type(),
                    envelope.queue(), envelope.priority(), envelope.payload(), envelope.maxAttempts(),
                    envelope.timeout(), envelope.traceparent());
        }
        int deliveries = poisoned.contains(delivery.taskId()) ? 100 : delivery.deliveries();
        return new TaskDelivery(delivery.deliveryId(), envelope, deliveries);
    }

    @Override
    public Mono<Submission> submit(SubmitRequest request) {
        return delegate.submit(request);
    }

    @Override
    public Mono<StartDecision> start(TaskDelivery delivery, String workerId, ExecutorKind executor) {
        return delegate.start(delivery, workerId, executor);
    }

    @Override
    public Mono<Boolean> renew(TaskLease lease) {
        return takenOver.contains(lease.taskId()) ? Mono.just(false) : delegate.renew(lease);
    }

    @Override
    public Mono<Boolean> progress(TaskLease lease, double fraction, String message) {
        return delegate.progress(lease, fraction, message);
    }

    @Override
    public Mono<Boolean> complete(TaskLease lease, TaskOutcome outcome) {
        return delegate.complete(lease, outcome);
    }

    @Override
    public Mono<Void> release(TaskLease lease) {
        return delegate.release(lease);
    }

    @Override
    public Mono<Void> returnUnstarted(TaskDelivery delivery) {
        return delegate.returnUnstarted(delivery);
    }

    @Override
    public Mono<Void> defer(TaskDelivery delivery, Duration delay) {
        return delegate.defer(delivery, delay);
    }

    @Override
    public Mono<Void> deadLetter(TaskDelivery delivery, TaskError reason) {
        return delegate.deadLetter(delivery, reason);
    }
}
