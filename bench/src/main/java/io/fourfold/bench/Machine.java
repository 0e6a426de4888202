package io.fourfold.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the figures were measured on: they mean little without it.
 *
 * @param loadBefore the load average (1, 5, 15 min) when the run began
 */
record Machine(int cores, long memoryMiB, String jdk, String redis, String rabbitmq, Instant started,
               String loadBefore) {

    static Machine describe(PrivateRedis redis, SharedRabbit rabbit) {
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryMiB(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version(), redis.version(), rabbit.version(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), loadAverage());
    }

    /** The first three fields of {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long totalMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            throw new IllegalStateException("no MemTotal in /proc/meminfo");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
