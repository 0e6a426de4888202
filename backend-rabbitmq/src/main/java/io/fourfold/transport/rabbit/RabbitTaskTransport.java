package io.fourfold.transport.rabbit;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskEnvelope;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.Submission;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskRecords;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.redis.RedisTaskQueues;
import io.fourfold.transport.redis.RedisTaskStore;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.backoff.ExponentialBackOff;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

/**
 * Work through RabbitMQ, records in the store. A submit inserts its records hidden, publishes with a publisher
 * confirm and only then reveals them; a worker's push consumer buffers deliveries (prefetch = its slots) that
 * {@link #receive} hands out highest priority first, and a delivery is acknowledged only after its outcome is stored.
 * A channel that dies returns its unacknowledged deliveries to the queue, so nothing a dead worker held is lost. A
 * delivery whose record could not be written goes back to its queue too, round the shortest delay step: on a live
 * channel an unacknowledged delivery would otherwise stay with this worker, unseen, until the worker stops.
 */
final class RabbitTaskTransport implements TaskTransport, SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RabbitTaskTransport.class);
    /** When the message is due, in epoch millis: set on messages that travel through delay queues. */
    static final String DUE = "x-fourfold-due";
    /** Deliveries of this task before the message was published again (hand-back, return, re-delay). */
    static final String PRIOR = "x-fourfold-prior";
    /** Set by quorum queues on a redelivery: how often the message was delivered before. */
    static final String DELIVERY_COUNT = "x-delivery-count";
    /**
     * A bound on a record write, far above what the store takes: one that never answers would leave its
     * delivery with this worker for good, so it is sent round again instead.
     */
    private static final Duration STORE_WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** How often a start looks again at a record that is still hidden. */
    private static final Duration HIDDEN_POLL = Duration.ofMillis(50);
    /**
     * Stops after a worker's consumer (phase {@code DEFAULT_PHASE - 100}) has drained, and before any bean is
     * destroyed: Boot's own RabbitTemplate, destroyed then, closes the cached channels it used, and a consumer
     * channel may be one of them.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 200;
    private static final Comparator<Buffered> ORDER =
            Comparator.comparingInt((Buffered buffered) -> -buffered.envelope.priority())
                    .thenComparingLong(Buffered::sequence);

    private final ConnectionFactory connections;
    private final RabbitTemplate rabbit;
    private final RabbitTopology topology;
    private final TaskRecords records;
    private final RabbitBackendProperties properties;
    private final RabbitEnvelopeCodec codec = new RabbitEnvelopeCodec();
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityBlockingQueue<Buffered> buffer = new PriorityBlockingQueue<>(64, ORDER);
    private final Map<String, Buffered> inFlight = new ConcurrentHashMap<>();
    private final Sinks.Many<Boolean> arrivals = Sinks.many().multicast().directBestEffort();
    private final Set<String> consumed = new LinkedHashSet<>();
    private @Nullable DirectMessageListenerContainer consumers;
    private volatile Disposable sweep = Disposables.disposed();
    private volatile boolean running;

    RabbitTaskTransport(ConnectionFactory connections, TaskRecords records, RabbitBackendProperties properties,
            Duration deadLetterRetention) {
        this.connections = connections;
        this.records = records;
        this.properties = properties;
        RabbitAdmin admin = new RabbitAdmin(connections);
        admin.setAutoStartup(false);
        this.topology = new RabbitTopology(admin, properties, deadLetterRetention);
        this.rabbit = new RabbitTemplate(connections);
        rabbit.setMandatory(true);
        // Publishing on its own connection: a broker under a memory or disk alarm blocks publishing connections,
        // and consumers on a blocked connection could not even ack what they finished.
        rabbit.setUsePublisherConnection(true);
        // A new connection may lead to a broker that lost its definitions: declare again on first use.
        connections.addConnectionListener(connection -> topology.forget());
    }

    /** The operations of this transport: the store keeps every figure, and a retried dead letter goes out here. */
    static RedisTaskQueues queues(RedisTaskStore store, RabbitTaskTransport transport) {
        return RedisTaskQueues.forBroker(store, task -> transport.publish(task.envelope(), task.runAt(), 0));
    }

    RabbitTopology topology() {
        return topology;
    }

    @Override
    public Mono<Submission> submit(SubmitRequest request) {
        return Mono.defer(() -> {
            startSweeping();
            Instant now = clock.instant();
            List<TaskRecord> accepted = request.tasks().stream().map(task -> TaskRecord.accepted(task, now)).toList();
            return records.insertHidden(accepted, request.idempotencyKey()).flatMap(inserted -> {
                // Unique tasks under way that stand for some of these were neither inserted nor are published.
                List<TaskRecord> made = inserted.made();
                if (made.isEmpty()) {
                    return Mono.just(inserted);
                }
                List<String> ids = made.stream().map(TaskRecord::id).toList();
                return Flux.fromIterable(made)
                        // Every publish is waited for: after the first failure the others' errors would otherwise
                        // be dropped, each logged as an error, once the client has its answer.
                        .flatMapDelayError(task -> publish(task.envelope(), task.runAt(), 0),
                                Queues.SMALL_BUFFER_SIZE, Queues.XS_BUFFER_SIZE)
                        .onErrorMap(Exceptions::isMultiple, failures -> Exceptions.unwrapMultiple(failures).getFirst())
                        .then(records.reveal(ids))
                        .thenReturn(inserted)
                        .onErrorResume(failure -> records.dropHidden(ids, request.idempotencyKey())
                                .onErrorResume(dropFailed -> {
                                    // The sweep removes them later; the client still gets the first failure.
                                    log.debug("Could not drop hidden records {}", ids, dropFailed);
                                    return Mono.empty();
                                })
                                .then(Mono.error(failure)));
            });
        });
    }

    @Override
    public Mono<List<TaskDelivery>> receive(String consumer, List<String> queues, int max, Duration wait) {
        if (max <= 0 || queues.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.fromRunnable(() -> consume(queues, max))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(this::translate)
                .then(Mono.defer(() -> Flux.merge(Mono.just(Boolean.FALSE), arrivals.asFlux())
                        // After an idle wait, a burst that arrives together is handed out by priority, not by luck.
                        .concatMap(arrival -> arrival ? Mono.delay(properties.gather()).map(tick -> poll(max))
                                : Mono.fromSupplier(() -> poll(max)))
                        .filter(batch -> !batch.isEmpty())
                        .next()
                        .timeout(wait, Mono.just(List.of()))));
    }

    /** Starts consuming the queues on the first receive: only workers consume, and never at startup. */
    private synchronized void consume(List<String> queues, int max) {
        startSweeping();
        // The shared connection, made when missing: while the broker is away this fails, and the worker reports it
        // (readiness DOWN, retries with backoff) instead of waiting quietly on consumers that are not there.
        connections.createConnection();
        List<String> added = queues.stream().filter(queue -> !consumed.contains(queue)).toList();
        if (added.isEmpty()) {
            return;
        }
        added.forEach(topology::declareWork);
        String[] names = added.stream().map(topology::workQueue).toArray(String[]::new);
        if (consumers == null) {
            DirectMessageListenerContainer container = new DirectMessageListenerContainer(connections);
            container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
            container.setPrefetchCount(properties.prefetch() > 0 ? properties.prefetch() : max);
            container.setConsumersPerQueue(1);
            ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
            backOff.setMaxInterval(10_000);
            container.setRecoveryBackOff(backOff);
            container.setMessageListener((ChannelAwareMessageListener) this::arrived);
            container.setQueueNames(names);
            container.afterPropertiesSet();
            container.start();
            consumers = container;
        } else {
            consumers.addQueueNames(names);
        }
        consumed.addAll(added);
    }

    /** A delivery from the broker, on the consumer's channel thread. */
    private void arrived(Message message, @Nullable Channel consumerChannel) {
        Channel channel = consumerChannel == null ? null : delivering(consumerChannel);
        if (channel == null) {
            // The proxy already let go of the channel that delivered: it died, and the broker returns the message.
            return;
        }
        MessageProperties meta = message.getMessageProperties();
        long tag = meta.getDeliveryTag();
        TaskEnvelope envelope = codec.read(message.getBody(), meta.getMessageId());
        Long due = number(meta.getHeader(DUE));
        int deliveries = intOf(meta.getHeader(PRIOR)) + intOf(meta.getHeader(DELIVERY_COUNT)) + 1;
        if (due != null && due > clock.millis()) {
            // Not due yet: one more hop through the delay queues; the original goes once the hop is confirmed.
            publish(envelope, Instant.ofEpochMilli(due), deliveries - 1)
                    .subscribe(confirmed -> { }, failure -> nack(channel, tag, true),
                            () -> ack(channel, tag));
            return;
        }
        buffer.add(new Buffered(envelope, channel, tag, deliveries, sequence.incrementAndGet()));
        // A wake-up lost to a busy receiver costs nothing: the delivery is queued and the next poll finds it. So
        // only a concurrent emit is retried, and FAIL_OVERFLOW is ignored: handed to emitNext, it would terminate
        // the sink and break every later receive.
        Sinks.EmitResult result;
        do {
            result = arrivals.tryEmitNext(Boolean.TRUE);
        } while (result == Sinks.EmitResult.FAIL_NON_SERIALIZED);
    }

    /**
     * The channel that delivered, not the caching proxy around it. A proxy whose channel died opens a new one on
     * the next call, even a failing ack, and may then carry a restarted consumer; through it a tag of the dead
     * channel would look alive and acknowledge, or reject, another message. The channel itself stays closed.
     */
    private static @Nullable Channel delivering(Channel channel) {
        return channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
    }

    private List<TaskDelivery> poll(int max) {
        List<TaskDelivery> batch = new ArrayList<>(Math.min(max, buffer.size()));
        while (batch.size() < max) {
            Buffered next = buffer.poll();
            if (next == null) {
                break;
            }
            if (!next.channel.isOpen()) {
                // Its channel died: the broker has already put it back for a live consumer.
                continue;
            }
            String deliveryId = Long.toString(next.sequence);
            inFlight.put(deliveryId, next);
            batch.add(new TaskDelivery(deliveryId, next.envelope, next.deliveries));
        }
        return batch;
    }

    @Override
    public Mono<StartDecision> start(TaskDelivery delivery, String workerId, ExecutorKind executor) {
        return storeWrite(records.start(delivery.taskId(), workerId, executor), delivery)
                .flatMap(start -> start instanceof TaskRecords.Start.Hidden
                        ? Mono.error(new HiddenRecord()) : Mono.just(start))
                // The submit that wrote the record may not have revealed it yet: wait a moment for it.
                .retryWhen(Retry.fixedDelay(Math.max(1, properties.hiddenWait().dividedBy(HIDDEN_POLL)), HIDDEN_POLL)
                        .filter(HiddenRecord.class::isInstance))
                .onErrorResume(failure -> failure.getCause() instanceof HiddenRecord,
                        exhausted -> Mono.just(new TaskRecords.Start.Hidden()))
                .flatMap(start -> switch (start) {
                    case TaskRecords.Start.Running running -> {
                        Buffered held = inFlight.get(delivery.deliveryId());
                        if (held != null) {
                            held.fence = running.fence();
                        }
                        yield Mono.just((StartDecision) new StartDecision.Run(
                                new TaskLease(delivery, running.fence(), running.attempt())));
                    }
                    case TaskRecords.Start.Refused refused ->
                            settle(delivery.deliveryId(), Settle.ACK).thenReturn(new StartDecision.Skip(refused.reason()));
                    case TaskRecords.Start.Waiting waiting ->
                            Mono.just(new StartDecision.Wait(waiting.limit(), waiting.retryAfter()));
                    case TaskRecords.Start.Hidden hidden -> sendRound(delivery)
                            .thenReturn(new StartDecision.Skip("its submit is not confirmed yet; checked again later"));
                })
                .onErrorMap(this::translate);
    }

    /** A RabbitMQ delivery needs no lease: it stays with this worker while its channel lives. */
    @Override
    public Mono<Boolean> renew(TaskLease lease) {
        return Mono.fromSupplier(() -> {
            Buffered held = inFlight.get(lease.delivery().deliveryId());
            return held != null && held.fence == lease.fence() && held.channel.isOpen();
        });
    }

    @Override
    public Mono<Boolean> progress(TaskLease lease, double fraction, String message) {
        return records.progress(lease.taskId(), lease.fence(), fraction, message).onErrorMap(this::translate);
    }

    @Override
    public Mono<Boolean> complete(TaskLease lease, TaskOutcome outcome) {
        String deliveryId = lease.delivery().deliveryId();
        return storeWrite(records.finish(lease.taskId(), lease.fence(), outcome), lease.delivery())
                .flatMap(written -> {
                    if (!written) {
                        // Another owner holds the task now; this copy of the message has nothing left to do.
                        return settle(deliveryId, Settle.ACK).thenReturn(false);
                    }
                    return switch (outcome) {
                        case TaskOutcome.Retry retry -> republish(lease.delivery(), retry.runAt(), 0).thenReturn(true);
                        case TaskOutcome.Failed failed -> settle(deliveryId, Settle.DEAD).thenReturn(true);
                        default -> settle(deliveryId, Settle.ACK).thenReturn(true);
                    };
                })
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<Void> release(TaskLease lease) {
        // A hand-back on drain is not the task's fault: it does not count towards the poison limit.
        int prior = Math.max(0, lease.delivery().deliveries() - 1);
        return storeWrite(records.handBack(lease.taskId(), lease.fence()), lease.delivery())
                .flatMap(handedBack -> handedBack ? republish(lease.delivery(), clock.instant(), prior)
                        : settle(lease.delivery().deliveryId(), Settle.ACK))
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<Void> returnUnstarted(TaskDelivery delivery) {
        return republish(delivery, clock.instant(), delivery.deliveries()).onErrorMap(this::translate);
    }

    /** Through the delay queues; not the task's fault, so not counted towards the poison limit. */
    @Override
    public Mono<Void> defer(TaskDelivery delivery, Duration delay) {
        return republish(delivery, clock.instant().plus(delay), Math.max(0, delivery.deliveries() - 1))
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<Void> deadLetter(TaskDelivery delivery, TaskError reason) {
        return storeWrite(records.fail(delivery.taskId(), reason), delivery)
                .then(settle(delivery.deliveryId(), Settle.DEAD))
                .onErrorMap(this::translate);
    }

    /**
     * A record write for {@code delivery}, bounded in time; when it fails, the delivery is handed back (see
     * {@link #handBackAfter}) before the failure goes on. Only the store's failures: the broker's are handled where
     * they happen ({@link #republish}).
     */
    private <T> Mono<T> storeWrite(Mono<T> write, TaskDelivery delivery) {
        return write.timeout(STORE_WRITE_TIMEOUT, Mono.error(this::storeTimedOut))
                .onErrorResume(failure -> handBackAfter(failure, delivery));
    }

    /**
     * After {@code failure} left the delivery's record unwritten: sends the task round the
     * shortest delay step without counting the delivery (the store's fault, not the task's), so that it is started
     * again, here or elsewhere, once the store answers; then fails with {@code failure}. A delivery whose channel
     * died is left alone, since the broker returns it itself; so is one that was settled already.
     */
    private <T> Mono<T> handBackAfter(Throwable failure, TaskDelivery delivery) {
        Buffered held = inFlight.get(delivery.deliveryId());
        if (held == null || !held.channel.isOpen()) {
            inFlight.remove(delivery.deliveryId());
            return Mono.error(failure);
        }
        return sendRound(delivery)
                .onErrorResume(republishFailed -> {
                    failure.addSuppressed(republishFailed);
                    return Mono.empty();
                })
                .then(Mono.error(failure));
    }

    /** Round the shortest delay step; not the task's fault, so not counted towards the poison limit. */
    private Mono<Void> sendRound(TaskDelivery delivery) {
        return republish(delivery, clock.instant().plusMillis(1), Math.max(0, delivery.deliveries() - 1));
    }

    /**
     * Publishes the delivery's envelope again (due at {@code dueAt}, with {@code prior} deliveries behind it) and
     * acknowledges the delivery once the broker confirmed the copy: never both lost, at worst both kept.
     */
    private Mono<Void> republish(TaskDelivery delivery, Instant dueAt, int prior) {
        return publish(delivery.envelope(), dueAt, prior)
                // Not published: the broker gets the delivery back itself (counted as one more delivery), rather
                // than leaving it unacknowledged on a live channel, where it would never come back.
                .onErrorResume(failure -> settle(delivery.deliveryId(), Settle.REQUEUE).then(Mono.error(failure)))
                .then(settle(delivery.deliveryId(), Settle.ACK));
    }

    /**
     * Publishes an envelope to its work queue, or through the delay queues when it is due later, and completes
     * when the broker confirmed it. A nack, a timeout or an unroutable message fail with
     * {@link BackendUnavailableException}.
     */
    Mono<Void> publish(TaskEnvelope envelope, Instant dueAt, int prior) {
        return Mono.fromCallable(() -> {
                    topology.declareWork(envelope.queue());
                    MessageProperties meta = new MessageProperties();
                    meta.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
                    meta.setContentType(MessageProperties.CONTENT_TYPE_JSON);
                    meta.setMessageId(envelope.taskId());
                    meta.setPriority(envelope.priority());
                    if (prior > 0) {
                        meta.setHeader(PRIOR, prior);
                    }
                    Duration remaining = Duration.between(clock.instant(), dueAt);
                    String exchange = topology.workExchange();
                    if (remaining.toMillis() > 0) {
                        meta.setHeader(DUE, dueAt.toEpochMilli());
                        exchange = topology.delayExchange(topology.hop(remaining));
                    }
                    CorrelationData correlation = new CorrelationData(envelope.taskId());
                    rabbit.send(exchange, envelope.queue(), new Message(codec.write(envelope), meta), correlation);
                    return correlation;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(correlation -> Mono.fromFuture(correlation.getFuture())
                        .flatMap(confirm -> {
                            if (correlation.getReturned() != null) {
                                topology.forget();
                                return Mono.error(new AmqpException("Unroutable: " + correlation.getReturned()));
                            }
                            return confirm.ack() ? Mono.<Void>empty()
                                    : Mono.error(new AmqpException("Nacked by the broker: " + confirm.reason()));
                        }))
                // Bounds the connect too: a broker that does not answer at all must not hold a submit for minutes.
                .timeout(properties.confirmTimeout())
                .onErrorMap(this::translate);
    }

    private enum Settle { ACK, DEAD, REQUEUE }

    /**
     * Acknowledges a delivery, rejects it into the dead-letter queue, or returns it to its queue; a delivery whose
     * channel died is gone.
     */
    private Mono<Void> settle(String deliveryId, Settle how) {
        return Mono.fromRunnable(() -> {
            Buffered held = inFlight.remove(deliveryId);
            if (held == null) {
                return;
            }
            switch (how) {
                case ACK -> ack(held.channel, held.tag);
                case DEAD -> nack(held.channel, held.tag, false);
                case REQUEUE -> nack(held.channel, held.tag, true);
            }
        });
    }

    private static void ack(Channel channel, long tag) {
        try {
            channel.basicAck(tag, false);
        } catch (IOException | RuntimeException closed) {
            // The channel died: the broker redelivers the message, and its record decides what happens then.
            log.debug("Could not acknowledge delivery {}: {}", tag, closed.toString());
        }
    }

    private static void nack(Channel channel, long tag, boolean requeue) {
        try {
            channel.basicNack(tag, false, requeue);
        } catch (IOException | RuntimeException closed) {
            log.debug("Could not reject delivery {}: {}", tag, closed.toString());
        }
    }

    /** Starts the periodic sweep of stale hidden records, in processes that submit or consume. */
    private void startSweeping() {
        if (!sweep.isDisposed()) {
            return;
        }
        synchronized (this) {
            if (!sweep.isDisposed()) {
                return;
            }
            sweep = Flux.interval(properties.sweepInterval(), Schedulers.boundedElastic())
                    .onBackpressureDrop()
                    .concatMap(tick -> records.dropHiddenOlderThan(properties.hiddenRecordTtl())
                            .doOnNext(dropped -> {
                                if (dropped > 0) {
                                    log.info("Removed {} task record(s) whose submit never finished", dropped);
                                }
                            })
                            .onErrorResume(failure -> {
                                log.debug("Sweep of hidden records failed; trying again", failure);
                                return Mono.empty();
                            }))
                    .subscribe();
        }
    }

    /** A store write that did not answer in time: the store's trouble, not the broker's, as the message says. */
    private BackendUnavailableException storeTimedOut() {
        return new BackendUnavailableException("The store did not answer within " + STORE_WRITE_TIMEOUT,
                properties.unavailableRetryAfter(), null);
    }

    /** Broker trouble becomes the SPI's {@link BackendUnavailableException}; store errors are translated already. */
    private Throwable translate(Throwable failure) {
        if (failure instanceof AmqpException || failure instanceof TimeoutException) {
            return new BackendUnavailableException("RabbitMQ cannot take the request now: " + failure.getMessage(),
                    properties.unavailableRetryAfter(), failure);
        }
        return failure;
    }

    /** Nothing to start: the transport connects on its first submit or receive. */
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
    public synchronized void close() {
        sweep.dispose();
        if (consumers != null) {
            consumers.stop();
            consumers.destroy();
            consumers = null;
        }
        consumed.clear();
    }

    private static @Nullable Long number(@Nullable Object header) {
        return header instanceof Number value ? value.longValue() : null;
    }

    private static int intOf(@Nullable Object header) {
        return header instanceof Number value ? value.intValue() : 0;
    }

    /** Thrown inside {@link #start} while the record is hidden, to retry it. */
    private static final class HiddenRecord extends RuntimeException {
        HiddenRecord() {
            super(null, null, false, false);
        }
    }

    /** A delivery held by this process: buffered until handed out, then in flight until settled. */
    private static final class Buffered {
        private final TaskEnvelope envelope;
        private final Channel channel;
        private final long tag;
        private final int deliveries;
        private final long sequence;
        private volatile long fence = -1;

        private Buffered(TaskEnvelope envelope, Channel channel, long tag, int deliveries, long sequence) {
            this.envelope = envelope;
            this.channel = channel;
            this.tag = tag;
            this.deliveries = deliveries;
            this.sequence = sequence;
        }

        private long sequence() {
            return sequence;
        }
    }
}
