package io.fourfold.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mixed tasks of the system test, fixed by their number so a failure can be replayed: per hundred, 35 {@code echo},
 * 25 {@code sleep} of 50-500 ms, 5 {@code sleep} of 3 s (long enough to be surely running when a worker is killed),
 * 10 small {@code primes}, 10 {@code flaky} that fail once and then succeed, 1 {@code flaky} that exhausts its 2
 * attempts (planned FAILED), and 14 {@code http.get} calls of the marker server.
 */
final class Workload {

    static final Duration LONG = Duration.ofSeconds(3);

    private final int size;
    private final MarkerServer markers;

    Workload(int size, MarkerServer markers) {
        this.size = size;
        this.markers = markers;
    }

    int size() {
        return size;
    }

    Map<String, Object> task(int n) {
        int slot = n % 100;
        if (slot < 35) {
            return Map.of("type", "echo", "payload", Map.of("n", n));
        }
        if (slot < 60) {
            return Map.of("type", "sleep", "payload", Map.of("millis", 50 + n * 37 % 451));
        }
        if (slot < 65) {
            return Map.of("type", "sleep", "payload", Map.of("millis", LONG.toMillis()));
        }
        if (slot < 75) {
            return Map.of("type", "primes", "payload", Map.of("upTo", 20_000 + n % 7 * 5_000));
        }
        if (slot < 85) {
            return Map.of("type", "flaky", "payload", Map.of("failures", 1), "maxAttempts", 3);
        }
        if (slot < 86) {
            return Map.of("type", "flaky", "payload", Map.of("failures", 5), "maxAttempts", 2);
        }
        return Map.of("type", "http.get", "payload", Map.of("url", markers.url(n, 100 + n * 53 % 301)));
    }

    String expectedState(int n) {
        return n % 100 == 85 ? "FAILED" : "SUCCEEDED";
    }

    /** Whether task {@code n} is one of the 3 s sleeps. */
    boolean runsLong(int n) {
        int slot = n % 100;
        return slot >= 60 && slot < 65;
    }

    /** The numbers of the {@code http.get} tasks, whose runs the marker server counts. */
    List<Integer> marked() {
        List<Integer> marked = new ArrayList<>();
        for (int n = 0; n < size; n++) {
            if (n % 100 >= 86) {
                marked.add(n);
            }
        }
        return marked;
    }

    String describe() {
        Map<String, Integer> types = new TreeMap<>();
        for (int n = 0; n < size; n++) {
            types.merge(String.valueOf(task(n).get("type")) + (n % 100 == 85 ? " (planned to fail)" : ""), 1, Integer::sum);
        }
        return types.toString();
    }
}
