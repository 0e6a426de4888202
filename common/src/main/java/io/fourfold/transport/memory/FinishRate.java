package io.fourfold.transport.memory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/** Finished tasks per queue over the last minute, counted in one-second buckets that are reused as time goes round. */
final class FinishRate {

    private static final int SECONDS = 60;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    void record(String queue, Instant at) {
        windows.computeIfAbsent(queue, name -> new Window()).add(at.getEpochSecond());
    }

    /** Finishes per second in the minute before {@code now}. */
    double perSecond(String queue, Instant now) {
        Window window = windows.get(queue);
        return window == null ? 0 : (double) window.sum(now.getEpochSecond()) / SECONDS;
    }

    private static final class Window {

        private final AtomicLongArray counts = new AtomicLongArray(SECONDS);
        private final AtomicLongArray seconds = new AtomicLongArray(SECONDS);

        synchronized void add(long second) {
            int slot = (int) (second % SECONDS);
            if (seconds.get(slot) != second) {
                seconds.set(slot, second);
                counts.set(slot, 0);
            }
            counts.incrementAndGet(slot);
        }

        synchronized long sum(long now) {
            long total = 0;
            for (int slot = 0; slot < SECONDS; slot++) {
                if (now - seconds.get(slot) < SECONDS) {
                    total += counts.get(slot);
                }
            }
            return total;
        }
    }
}
