package io.fourfold.transport.memory;

import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimitUsage;
import io.fourfold.limit.TypeLimits;
import io.fourfold.task.TaskRecord;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Limits in maps, rate buckets as Bucket4j's local buckets, and the concurrency slots as sets of the ids of the tasks
 * that hold one. A slot is held while its task is RUNNING: a set is cleaned of tasks that no longer run whenever it
 * is looked at, so a task that ends by any path (outcome, cancel, dead letter) gives its slot back without a write.
 */
final class InMemoryTaskLimits implements TaskLimits {

    private final Map<String, TypeLimits> limits = new ConcurrentSkipListMap<>();
    /** By type and rate, so a changed rate starts from a full bucket. */
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** Guarded by this: ids holding a slot, by gate ({@code type:T} or {@code unique:K}). */
    private final Map<String, Set<String>> slots = new HashMap<>();
    private final Predicate<String> isRunning;

    InMemoryTaskLimits(Predicate<String> isRunning) {
        this.isRunning = isRunning;
    }

    @Override
    public Flux<TypeLimits> all() {
        return Flux.fromIterable(limits.values());
    }

    @Override
    public Flux<TypeLimitUsage> list() {
        return Flux.fromIterable(limits.values())
                .map(limit -> new TypeLimitUsage(limit, limit.concurrency() == null ? 0 : held("type:" + limit.type())));
    }

    @Override
    public Mono<Boolean> put(TypeLimits limit) {
        return Mono.fromSupplier(() -> limits.put(limit.type(), limit) == null);
    }

    /** Its concurrency slots go too: with no limit, nothing counts its holders any more. */
    @Override
    public Mono<Boolean> remove(String type) {
        return Mono.fromSupplier(() -> {
            synchronized (this) {
                slots.remove("type:" + type);
            }
            return limits.remove(type) != null;
        });
    }

    @Override
    public Mono<Duration> takeStart(String type, TypeLimits.Rate rate) {
        return Mono.fromSupplier(() -> {
            ConsumptionProbe probe = bucket(type, rate).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
        });
    }

    @Override
    public Mono<Void> returnStart(String type, TypeLimits.Rate rate) {
        return Mono.fromRunnable(() -> bucket(type, rate).addTokens(1));
    }

    private Bucket bucket(String type, TypeLimits.Rate rate) {
        return buckets.computeIfAbsent(type + '\u0000' + rate, key -> Bucket.builder()
                .addLimit(BandwidthBuilder.builder()
                        .capacity(rate.permits())
                        .refillGreedy(rate.permits(), rate.period())
                        .build())
                .build());
    }

    /**
     * Takes the slots {@code task} needs to start, or names the limit that holds it back: {@code unique} while
     * another task with its unique key runs, {@code concurrency} while its type runs as many as its limit allows.
     * A task that runs already (a takeover) keeps the slots it holds.
     */
    synchronized @Nullable String admit(TaskRecord task) {
        String uniqueKey = task.uniqueKey();
        TypeLimits limit = limits.get(task.type());
        Integer concurrency = limit == null ? null : limit.concurrency();
        if (uniqueKey != null && full("unique:" + uniqueKey, 1, task.id())) {
            return "unique";
        }
        if (concurrency != null && full("type:" + task.type(), concurrency, task.id())) {
            return "concurrency";
        }
        if (uniqueKey != null) {
            slots.computeIfAbsent("unique:" + uniqueKey, gate -> new HashSet<>()).add(task.id());
        }
        if (concurrency != null) {
            slots.computeIfAbsent("type:" + task.type(), gate -> new HashSet<>()).add(task.id());
        }
        return null;
    }

    private boolean full(String gate, int limit, String taskId) {
        Set<String> holders = slots.get(gate);
        if (holders == null) {
            return false;
        }
        holders.removeIf(isRunning.negate());
        if (holders.isEmpty()) {
            slots.remove(gate);
            return false;
        }
        return !holders.contains(taskId) && holders.size() >= limit;
    }

    private synchronized long held(String gate) {
        Set<String> holders = slots.get(gate);
        if (holders == null) {
            return 0;
        }
        holders.removeIf(isRunning.negate());
        return holders.size();
    }
}
