package io.fourfold.transport.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Sends calls that come in together as one: while a batch is on its way to Redis, new calls queue up and go as the
 * next batch when it returns. One call alone goes at once (no timer, no added latency); under load, batches grow
 * to {@code maxBatch} by themselves, and one script call carries what would have been that many round trips.
 *
 * @param <T> what one call asks
 * @param <R> what it answers
 */
final class Batcher<T, R> {

    private final Function<List<T>, Mono<List<R>>> send;
    private final int maxBatch;
    private final Queue<Call<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    /** @param send answers a batch in order, one answer per call */
    Batcher(int maxBatch, Function<List<T>, Mono<List<R>>> send) {
        this.send = send;
        this.maxBatch = maxBatch;
    }

    Mono<R> call(T request) {
        return Mono.create(sink -> {
            queue.add(new Call<>(request, sink));
            sendNext();
        });
    }

    private void sendNext() {
        // Looping rather than recursing: one finishing batch may find the next one waiting, many times over.
        while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
            List<Call<T, R>> batch = new ArrayList<>();
            for (Call<T, R> next = queue.poll(); next != null; next = batch.size() < maxBatch ? queue.poll() : null) {
                batch.add(next);
            }
            AtomicBoolean returned = new AtomicBoolean();
            Mono<List<R>> answers;
            try {
                answers = send.apply(batch.stream().map(Call::request).toList());
            } catch (RuntimeException failure) {
                answers = Mono.error(failure);
            }
            answers.doFinally(signal -> {
                        sending.set(false);
                        if (returned.getAndSet(true)) {
                            sendNext();
                        }
                    })
                    .subscribe(results -> {
                        for (int i = 0; i < batch.size(); i++) {
                            batch.get(i).sink().success(results.get(i));
                        }
                    }, failure -> batch.forEach(call -> call.sink().error(failure)));
            if (!returned.getAndSet(true)) {
                // Still on its way: the batch's own completion sends what queued up meanwhile.
                return;
            }
        }
    }

    private record Call<T, R>(T request, MonoSink<R> sink) {
    }
}
