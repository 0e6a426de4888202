package io.fourfold.worker.system;

import io.fourfold.task.NewTask;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the worker engine. Every default lives here, not in a yml, so a worker composed into another
 * application (standalone, a user's app) behaves the same.
 *
 * @param id              this worker's name in the registry and towards the transport; default
 *                        {@code hostname-pid-random}
 * @param queues          the queues it takes work from: {@code name} or {@code name:weight}. Without weights it reads
 *                        them in the order given (the first one until it is empty); with weights, each receive
 *                        reads them in a random order where a queue of weight 3 comes first three times as often
 *                        as one of weight 1 (missing weights count as 1), so no queue starves. Paused queues are
 *                        left out (see {@code POST /api/queues/{name}/pause})
 * @param slots           how many attempts may run at once, per executor
 * @param pollWait        how long one receive waits for work before asking again
 * @param renewInterval   how often a started attempt renews its lease; at most a third of the transport's lease
 *                        (on Redis {@code fourfold.redis.lease}, 5 s), checked at startup
 * @param drainTimeout    on shutdown, how long running attempts may finish before they are handed back
 * @param backoff         the delay before the next attempt of a failed task
 * @param maxDeliveries   deliveries of one envelope after which it is dead-lettered as a poison task
 * @param heartbeat       how the worker keeps its entry in the worker registry alive
 * @param process         the child JVMs of the PROCESS executor
 */
@ConfigurationProperties("fourfold.worker")
@Validated
public record WorkerProperties(
        @NotBlank String id,
        @DefaultValue("default") @NotEmpty List<@NotNull @Pattern(regexp = QUEUE_ENTRY,
                message = "must be a queue name, [a-zA-Z0-9._-]{1,64}, optionally followed by :weight (1-1000)")
                String> queues,
        @DefaultValue @Valid Slots slots,
        @DefaultValue("1s") @NotNull Duration pollWait,
        @DefaultValue("1500ms") @NotNull Duration renewInterval,
        @DefaultValue("30s") @NotNull Duration drainTimeout,
        @DefaultValue @Valid Backoff backoff,
        @DefaultValue("5") @Min(1) int maxDeliveries,
        @DefaultValue @Valid Heartbeat heartbeat,
        @DefaultValue @Valid ChildProcesses process) {

    private static final String QUEUE_ENTRY = NewTask.QUEUE_NAME + "(:([1-9][0-9]{0,2}|1000))?";

    public WorkerProperties {
        if (id == null || id.isBlank()) {
            id = defaultId();
        }
        queues = List.copyOf(queues);
    }

    /** The queue names of {@link #queues()}, without weights, in the order given. */
    public List<String> queueNames() {
        return queues.stream().map(entry -> entry.split(":", 2)[0]).toList();
    }

    /** Each queue's weight, in the order given; empty when none was given, meaning strict order. */
    public Map<String, Integer> queueWeights() {
        if (queues.stream().noneMatch(entry -> entry.contains(":"))) {
            return Map.of();
        }
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String entry : queues) {
            String[] parts = entry.split(":", 2);
            weights.put(parts[0], parts.length == 2 ? Integer.parseInt(parts[1]) : 1);
        }
        return weights;
    }

    @AssertTrue(message = "fourfold.worker.renew-interval must be positive")
    boolean isRenewIntervalPositive() {
        return renewInterval.isPositive();
    }

    @AssertTrue(message = "fourfold.worker.poll-wait must be positive")
    boolean isPollWaitPositive() {
        return pollWait.isPositive();
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            host = "worker";
        }
        return host + '-' + ProcessHandle.current().pid() + '-'
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

    /**
     * @param platform   platform threads for CPU-bound handlers; default the number of available processors
     * @param virtual    concurrent virtual-thread attempts for blocking-IO handlers
     * @param eventLoop  concurrent reactive attempts (handlers that return a {@code Mono})
     * @param process    child processes running at once for PROCESS handlers; default the number of available
     *                   processors
     */
    public record Slots(
            @Nullable @Positive Integer platform,
            @DefaultValue("1000") @Positive int virtual,
            @DefaultValue("1000") @Positive int eventLoop,
            @Nullable @Positive Integer process) {

        public Slots {
            if (platform == null) {
                platform = Runtime.getRuntime().availableProcessors();
            }
            if (process == null) {
                process = Runtime.getRuntime().availableProcessors();
            }
        }
    }

    /**
     * @param maxHeap    the heap of each child JVM ({@code -Xmx}); a child that runs out of it exits, and only its
     *                   attempt fails
     * @param jvmOptions more options for each child JVM, such as {@code -XX:ActiveProcessorCount=1}
     */
    public record ChildProcesses(
            @DefaultValue("256MB") @NotNull DataSize maxHeap,
            @DefaultValue List<@NotBlank String> jvmOptions) {

        /** The child JVM's options: its heap, exit on a blown heap, a quick start, then {@link #jvmOptions}. */
        public List<String> javaOptions() {
            List<String> options = new ArrayList<>(List.of("-Xmx" + Math.max(8, maxHeap.toMegabytes()) + "m",
                    "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            options.addAll(jvmOptions);
            return List.copyOf(options);
        }
    }

    /**
     * Full-jitter exponential backoff: the delay before attempt {@code n + 1} is uniform in
     * {@code [0, min(max, base * 2^(n-1))]}.
     *
     * @param base the upper bound of the first delay
     * @param max  the cap of the upper bound
     */
    public record Backoff(
            @DefaultValue("1s") @NotNull Duration base,
            @DefaultValue("5m") @NotNull Duration max) {
    }

    /**
     * @param interval how often the worker refreshes its registry entry
     * @param ttl      how long the entry lives without a refresh (a crashed worker disappears after it)
     */
    public record Heartbeat(
            @DefaultValue("2s") @NotNull Duration interval,
            @DefaultValue("10s") @NotNull Duration ttl) {
    }
}
