package io.fourfold.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The thread levels inside one worker JVM on Redis, on two workers started one after the other: the first with a
 * VIRTUAL slot per sleep task and 1 platform thread, the second with {@code poolSize} VIRTUAL slots and 2 platform
 * threads. On each, the IO-bound scenario ({@code sleep} tasks, blocking) and then the CPU-bound one ({@code primes}).
 *
 * <p>worker-service declares {@code sleep} on the VIRTUAL executor and no setting moves a type to another one, so the
 * "pool" is {@code fourfold.worker.slots.virtual=poolSize}: the concurrency of a pool of that many platform threads
 * (what bounds the time), not its threads (their stacks are not in the memory figure).
 */
final class SlotScenarios {

    static final String IO = "IO-bound: sleep tasks on one worker";
    static final String CPU = "CPU-bound: primes on the PLATFORM pool";
    static final String MEMORY = "Worker memory with sleep tasks in flight";
    private static final String QUEUE = "default";

    private final BenchContext context;
    private final Results results;

    SlotScenarios(BenchContext context, Results results) {
        this.context = context;
        this.results = results;
    }

    void run(Cluster cluster, ApiClient api) {
        BenchOptions options = context.options();
        Pass virtual = pass(cluster, api, options.sleepTasks(), 1);
        Pass bounded = pass(cluster, api, options.poolSize(), 2);

        String sleeps = options.sleepTasks() + " × sleep " + options.sleepMillis()
                + " ms; first task taken to none left; after one such drain not timed, for the JIT";
        Result.Figure pool = results.add(Result.Figure.of(IO, options.poolSize() + " at a time (VIRTUAL, "
                + options.poolSize() + " slots: the bound of a " + options.poolSize() + "-thread pool)", "tasks/s",
                bounded.io().rates(), sleeps));
        results.add(Result.Figure.of(IO, "VIRTUAL, " + options.sleepTasks() + " slots", "tasks/s",
                virtual.io().rates(), sleeps).against(pool));
        String growth = "highest VmRSS polled during the first drain on a fresh worker minus VmRSS before it, scaled "
                + "to 10,000";
        results.add(Result.Figure.of(MEMORY, "VIRTUAL, " + options.sleepTasks() + " slots: RSS growth per 10,000",
                "MiB", virtual.io().growthPer10k(), growth));
        results.add(Result.Figure.of(MEMORY, options.poolSize() + " at a time: RSS growth per 10,000 taken", "MiB",
                bounded.io().growthPer10k(), growth + " (tasks beyond the slots wait, taken, inside the worker)"));

        String primes = options.primesTasks() + " × primes up to " + options.primesUpTo() + "; first finish to last";
        Result.Figure one = results.add(
                Result.Figure.of(CPU, "1 platform thread", "tasks/s", virtual.primes(), primes));
        results.add(Result.Figure.of(CPU, "2 platform threads", "tasks/s", bounded.primes(), primes).against(one));
    }

    /** One worker with {@code virtualSlots} VIRTUAL and {@code platformThreads} PLATFORM slots: sleeps, then primes. */
    private Pass pass(Cluster cluster, ApiClient api, int virtualSlots, int platformThreads) {
        ServiceJvm worker = cluster.startWorker("slots-virtual-" + virtualSlots, List.of(
                "fourfold.worker.slots.virtual=" + virtualSlots, "fourfold.worker.slots.platform=" + platformThreads));
        try {
            return new Pass(io(api, worker, virtualSlots), primes(api));
        } finally {
            worker.stop();
        }
    }

    private Io io(ApiClient api, ServiceJvm worker, int slots) {
        BenchOptions options = context.options();
        List<ObjectNode> tasks = Collections.nCopies(options.sleepTasks(),
                ApiClient.task("sleep", ApiClient.object().put("millis", options.sleepMillis())));
        Duration atMost = Duration.ofMillis((long) options.sleepMillis() * options.sleepTasks() / slots * 3)
                .plusMinutes(2);
        // The first drain on the fresh worker gives the memory (later ones reuse its heap) and is not timed: the JIT
        // compiles the worker's path during it.
        long before = worker.residentBytes();
        long[] highest = {before};
        Drain.run(api, QUEUE, tasks, atMost, () -> highest[0] = Math.max(highest[0], worker.residentBytes()));
        double growth = (highest[0] - before) / (1024.0 * 1024.0) * 10_000 / options.sleepTasks();
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            Drain drain = Drain.run(api, QUEUE, tasks, atMost);
            rates.add(drain.tasks() / drain.fromFirstTaken());
        }
        return new Io(rates, List.of(growth));
    }

    private List<Double> primes(ApiClient api) {
        BenchOptions options = context.options();
        List<ObjectNode> tasks = Collections.nCopies(options.primesTasks(),
                ApiClient.task("primes", ApiClient.object().put("upTo", options.primesUpTo())));
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            rates.add(Drain.run(api, QUEUE, tasks, Duration.ofMinutes(10)).rate());
        }
        return rates;
    }

    private record Io(List<Double> rates, List<Double> growthPer10k) {
    }

    private record Pass(Io io, List<Double> primes) {
    }
}
