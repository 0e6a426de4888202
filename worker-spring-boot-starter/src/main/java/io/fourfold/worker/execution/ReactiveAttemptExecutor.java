package io.fourfold.worker.execution;

import java.util.Optional;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Runs an {@link io.fourfold.task.ExecutorKind#EVENT_LOOP} handler: calls it to get its {@code Mono}, subscribes
 * without blocking and stops it by disposing the subscription. No thread is held while it waits.
 */
final class ReactiveAttemptExecutor implements AttemptExecutor {

    @Override
    public Stoppable start(Invocation invocation, Listener listener) {
        Publisher<?> publisher;
        try {
            publisher = (Publisher<?>) invocation.call().call();
        } catch (Throwable failure) {
            listener.threw(failure);
            listener.ended();
            return () -> { };
        }
        if (publisher == null) {
            listener.returned(null);
            listener.ended();
            return () -> { };
        }
        Disposable subscription = Mono.from(publisher)
                .map(Optional::<Object>of)
                .defaultIfEmpty(Optional.empty())
                .doFinally(signal -> listener.ended())
                .subscribe(value -> listener.returned(value.orElse(null)), listener::threw);
        return subscription::dispose;
    }
}
