package io.fourfold.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Crash recovery: tasks run on worker A; worker B is ready on the same queue; A is SIGKILLed; the clock runs until
 * every task A held is RUNNING on B. On Redis a dead worker's tasks wait for their lease to run out
 * ({@code fourfold.redis.lease}, 5 s by default), so that figure is also given in lease periods; RabbitMQ redelivers
 * when it sees the dead worker's connection close. Each run uses a queue of its own, so B cannot take the tasks
 * before A dies.
 */
final class Recovery {

    static final String SCENARIO = "Crash recovery: SIGKILL of a worker to its tasks running elsewhere";
    private static final double LEASE_SECONDS = 5;
    private static final Duration POLL = Duration.ofMillis(50);

    private final BenchContext context;
    private final Results results;

    Recovery(BenchContext context, Results results) {
        this.context = context;
        this.results = results;
    }

    void redis(Cluster cluster, ApiClient api) throws InterruptedException {
        List<Double> takeovers = takeovers(cluster, api);
        Result.Figure lease = results.add(Result.Figure.of(SCENARIO, "Redis lease (fourfold.redis.lease)", "s",
                List.of(LEASE_SECONDS), "the default; renewed every 1.5 s by a live worker"));
        results.add(Result.Figure.of(SCENARIO, "Redis: until the last of " + context.options().crashTasks()
                + " tasks runs on the other worker", "s", takeovers, "ratio = lease periods").against(lease));
    }

    void rabbitmq(Cluster cluster, ApiClient api) throws InterruptedException {
        results.add(Result.Figure.of(SCENARIO, "RabbitMQ: until the last of " + context.options().crashTasks()
                + " tasks runs on the other worker", "s", takeovers(cluster, api),
                "the broker redelivers when the connection closes"));
    }

    private List<Double> takeovers(Cluster cluster, ApiClient api) throws InterruptedException {
        List<Double> takeovers = new ArrayList<>();
        for (int run = 0; run < context.options().runs(); run++) {
            takeovers.add(takeover(cluster, api, "crash-" + run));
        }
        return takeovers;
    }

    private double takeover(Cluster cluster, ApiClient api, String queue) throws InterruptedException {
        String first = queue + "-a";
        String second = queue + "-b";
        List<String> settings = List.of("fourfold.worker.queues=" + queue, "fourfold.worker.drain-timeout=1s");
        ServiceJvm doomed = cluster.startWorker(first, settings);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < context.options().crashTasks(); i++) {
            ids.add(api.submit(ApiClient.inQueue(ApiClient.task("sleep", ApiClient.object().put("millis", 600_000)),
                    queue)));
        }
        await("the tasks running on " + first).atMost(Duration.ofMinutes(1)).pollInterval(POLL)
                .until(() -> ids.stream().allMatch(id -> runningOn(api.task(id), first)));
        ServiceJvm survivor = cluster.startWorker(second, settings);
        try {
            doomed.kill();
            long killed = System.nanoTime();
            await("the tasks running on " + second).atMost(Duration.ofMinutes(2)).pollInterval(POLL)
                    .until(() -> ids.stream().allMatch(id -> runningOn(api.task(id), second)));
            double seconds = (System.nanoTime() - killed) / 1e9;
            ids.forEach(api::cancel);
            return seconds;
        } finally {
            survivor.stop();
        }
    }

    private static boolean runningOn(JsonNode task, String worker) {
        return task.path("state").asString().equals("RUNNING") && task.path("worker").asString().equals(worker);
    }
}
