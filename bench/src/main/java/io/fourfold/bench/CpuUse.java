package io.fourfold.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU time (user + system) that the parts of a system used between two moments, each part one or more
 * processes: what a drain cost the workers, the api, Redis and the broker, per task. On a shared machine the rates
 * move with the load; the CPU a task costs each part is the steadier figure.
 *
 * @param parts the processes of each part, by name, in the order the results list them
 */
record CpuUse(Map<String, List<ProcessHandle>> parts) {

    static final CpuUse NONE = new CpuUse(Map.of());

    /** The CPU each part has used so far; a process that has exited counts nothing. */
    Map<String, Duration> now() {
        Map<String, Duration> used = new LinkedHashMap<>();
        parts.forEach((part, processes) -> used.put(part, processes.stream()
                .map(process -> process.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus)));
        return used;
    }

    /** Microseconds of CPU per task of each part between {@code before} and {@code after}. */
    static Map<String, Double> perTask(Map<String, Duration> before, Map<String, Duration> after, long tasks) {
        Map<String, Double> perTask = new LinkedHashMap<>();
        after.forEach((part, used) -> perTask.put(part,
                used.minus(before.getOrDefault(part, Duration.ZERO)).toNanos() / 1_000.0 / tasks));
        return perTask;
    }
}
