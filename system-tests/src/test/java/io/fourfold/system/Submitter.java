package io.fourfold.system;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Submits the workload in batches through {@code POST /api/tasks/batch}, one batch every 250 ms, up to the number of
 * batches the test allows so far. A batch that is not accepted (Redis down, the api busy) is sent again on the next
 * tick with the same {@code Idempotency-Key}, so a retry after a lost answer never makes the tasks twice.
 */
final class Submitter implements AutoCloseable {

    private final ApiClient client;
    private final Workload workload;
    private final int batchSize;
    private final String keyPrefix;
    private final String[] ids;
    private final AtomicInteger allowed = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();

    Submitter(ApiClient client, Workload workload, int batchSize, String keyPrefix) {
        this.client = client;
        this.workload = workload;
        this.batchSize = batchSize;
        this.keyPrefix = keyPrefix;
        this.ids = new String[workload.size()];
        ticks.scheduleWithFixedDelay(this::submitNext, 0, 250, TimeUnit.MILLISECONDS);
    }

    /** Lets the submitter go on up to {@code batches} batches in all. */
    void allow(int batches) {
        allowed.set(batches);
    }

    boolean done() {
        return accepted.get() * batchSize >= workload.size();
    }

    /** The ids the api gave, in workload order (complete once {@link #done()}). */
    List<String> ids() {
        return Arrays.asList(ids.clone());
    }

    /** Answers other than 2xx (by status, or the I/O failure's name) and how often each came. */
    Map<String, Integer> refusals() {
        return new TreeMap<>(refusals);
    }

    private void submitNext() {
        int batch = accepted.get();
        if (batch >= allowed.get() || done()) {
            return;
        }
        int from = batch * batchSize;
        int to = Math.min(workload.size(), from + batchSize);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int n = from; n < to; n++) {
            tasks.add(workload.task(n));
        }
        try {
            ApiClient.Answer answer = client.post("/api/tasks/batch", tasks,
                    Map.of("Idempotency-Key", keyPrefix + "batch-" + batch));
            if (answer.status() != 202 && answer.status() != 200) {
                refusals.merge(String.valueOf(answer.status()), 1, Integer::sum);
                return;
            }
            JsonNode views = answer.json();
            for (int n = from; n < to; n++) {
                ids[n] = views.get(n - from).get("id").asString();
            }
            accepted.incrementAndGet();
        } catch (IOException e) {
            refusals.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
