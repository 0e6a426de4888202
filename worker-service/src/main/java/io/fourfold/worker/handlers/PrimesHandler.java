package io.fourfold.worker.handlers;

import io.fourfold.task.ExecutorKind;
import io.fourfold.worker.execution.TaskContext;
import io.fourfold.worker.execution.TaskHandler;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.BitSet;

/**
 * {@code primes}: counts the primes up to {@code upTo} with a segmented sieve of Eratosthenes, pure CPU work for
 * the platform pool. It checks for a stop request after every segment, since a CPU loop never sees an interrupt
 * on its own.
 */
class PrimesHandler {

    private static final int SEGMENT = 1 << 18;

    @TaskHandler(type = "primes", executor = ExecutorKind.PLATFORM)
    Count primes(UpTo request, TaskContext context) throws InterruptedException {
        return new Count(count(request.upTo(), context));
    }

    /** The number of primes up to and including {@code upTo}. */
    static long count(long upTo, TaskContext context) throws InterruptedException {
        if (upTo < 2) {
            return 0;
        }
        int root = (int) Math.sqrt((double) upTo);
        // The primes up to the square root, found first: they cross out the composites of every segment.
        BitSet rootComposite = new BitSet(root + 1);
        for (int i = 2; (long) i * i <= root; i++) {
            if (!rootComposite.get(i)) {
                for (int j = i * i; j <= root; j += i) {
                    rootComposite.set(j);
                }
            }
        }
        long count = 0;
        BitSet segment = new BitSet(SEGMENT);
        for (long low = 2; low <= upTo; low += SEGMENT) {
            if (Thread.interrupted() || context.isCancelled()) {
                throw new InterruptedException("primes stopped at " + low);
            }
            long high = Math.min(low + SEGMENT - 1, upTo);
            segment.clear();
            for (int p = 2; (long) p * p <= high; p++) {
                if (rootComposite.get(p)) {
                    continue;
                }
                long first = Math.max((long) p * p, (low + p - 1) / p * p);
                for (long multiple = first; multiple <= high; multiple += p) {
                    segment.set((int) (multiple - low));
                }
            }
            count += (high - low + 1) - segment.cardinality();
        }
        return count;
    }

    /** @param upTo count the primes up to and including this number */
    record UpTo(@NotNull @Min(1) @Max(1_000_000_000) Long upTo) {
    }

    record Count(long count) {
    }
}
