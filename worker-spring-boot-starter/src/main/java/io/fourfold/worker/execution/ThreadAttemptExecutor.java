package io.fourfold.worker.execution;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Runs a blocking handler on a thread of an {@link Executor} (the platform pool or a virtual thread per task) and
 * stops it by interrupting that thread.
 */
final class ThreadAttemptExecutor implements AttemptExecutor {

    private final Executor threads;

    ThreadAttemptExecutor(Executor threads) {
        this.threads = threads;
    }

    @Override
    public Stoppable start(Invocation invocation, Listener listener) {
        Run run = new Run(invocation.call(), listener);
        threads.execute(run);
        return run;
    }

    /** One invocation. The monitor makes sure an interrupt only ever reaches the thread while it runs this handler. */
    private static final class Run implements Runnable, Stoppable {

        private final Callable<@Nullable Object> invocation;
        private final Listener listener;
        private boolean claimed;
        private boolean stopped;
        private @Nullable Thread runner;

        Run(Callable<@Nullable Object> invocation, Listener listener) {
            this.invocation = invocation;
            this.listener = listener;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (claimed) {
                    return;
                }
                claimed = true;
                runner = Thread.currentThread();
                if (stopped) {
                    runner.interrupt();
                }
            }
            try {
                listener.returned(invocation.call());
            } catch (Throwable failure) {
                listener.threw(failure);
            } finally {
                synchronized (this) {
                    runner = null;
                    // A pooled thread must not carry this attempt's interrupt into the next one.
                    Thread.interrupted();
                }
                listener.ended();
            }
        }

        @Override
        public void stop() {
            boolean neverStarted;
            synchronized (this) {
                stopped = true;
                neverStarted = !claimed;
                claimed = true;
                if (runner != null) {
                    runner.interrupt();
                }
            }
            if (neverStarted) {
                listener.ended();
            }
        }
    }
}
