package io.fourfold.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Request/reply over the queue: {@code POST /api/tasks?wait=PT10S} of a no-op {@code echo}, each client sending its
 * next request when the previous answer came (closed loop), on a virtual thread. A few requests per client warm the
 * path up first and are not recorded.
 */
final class WaitLatency {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

    private WaitLatency() {
    }

    /**
     * {@code runs} rounds of about {@code requests} requests shared by {@code clients} (each sends at least one); the
     * histogram holds every round.
     */
    static Result.Latency measure(String scenario, ApiClient api, int clients, int requests, int runs) {
        int perClient = Math.max(1, requests / clients);
        String body = ApiClient.json(ApiClient.task("echo", ApiClient.object().put("bench", true)));
        round(api, body, clients, Math.max(1, perClient / 5), new ConcurrentHistogram(HIGHEST_MICROS, 3));
        Histogram all = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        double seconds = 0;
        for (int run = 0; run < runs; run++) {
            seconds += round(api, body, clients, perClient, all);
        }
        return new Result.Latency(scenario, clients, all, all.getTotalCount() / seconds);
    }

    /** One round; answers its length in seconds. */
    private static double round(ApiClient api, String body, int clients, int requests, Histogram histogram) {
        long begin = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < requests; i++) {
                        long start = System.nanoTime();
                        int status = api.submitAndWait(body, WAIT);
                        if (status != 200) {
                            throw new IllegalStateException("?wait= answered " + status + " instead of 200");
                        }
                        histogram.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - start) / 1_000));
                    }
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - begin) / 1e9;
    }
}
