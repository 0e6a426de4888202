package io.fourfold.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the brokers do on their own in this run, with their own load tools: the ceilings of the other scenarios. */
final class Ceilings {

    static final String SCENARIO = "Ceilings: the brokers alone";
    private static final int XADD_CLIENTS = 50;
    /** About the size of an echo task's envelope on the wire. */
    private static final int MESSAGE_BYTES = 256;
    private static final String BROKER = "RabbitMQ";

    private Ceilings() {
    }

    /** redis-benchmark's XADD on the private Redis, before anything else runs on it. */
    static Result.Figure redis(BenchOptions options, PrivateRedis redis, Results results) {
        List<Double> xadds = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            xadds.add(redis.xaddPerSecond(XADD_CLIENTS, options.xaddRequests()));
        }
        return results.add(Result.Figure.of(SCENARIO, "Redis: raw XADD, redis-benchmark -c " + XADD_CLIENTS + " -n "
                + options.xaddRequests(), "ops/s", xadds, "on the private Redis, before anything else runs on it"));
    }

    /** PerfTest on the shared RabbitMQ; answers the consumed rate, the ceiling of a drain. */
    static Result.Figure rabbitmq(BenchOptions options, SharedRabbit rabbit, Results results) {
        List<Double> sent = new ArrayList<>();
        List<Double> received = new ArrayList<>();
        List<Double> brokerCpu = new ArrayList<>();
        CpuUse cpu = new CpuUse(rabbit.broker().map(broker -> Map.of(BROKER, List.of(broker))).orElse(Map.of()));
        for (int run = 0; run < options.runs(); run++) {
            Map<String, Duration> before = cpu.now();
            SharedRabbit.PerfTestRates rates = rabbit.perfTest(options.perfTestSeconds(), MESSAGE_BYTES);
            sent.add(rates.sent());
            received.add(rates.received());
            CpuUse.perTask(before, cpu.now(), Math.round(rates.received() * options.perfTestSeconds()))
                    .values().forEach(brokerCpu::add);
        }
        if (!brokerCpu.isEmpty()) {
            results.add(Result.Figure.of(SCENARIO, "RabbitMQ: broker CPU per message during PerfTest", "µs", brokerCpu,
                    "user + system CPU of beam.smp over the run, per message consumed (each also published)"));
        }
        results.add(Result.Figure.of(SCENARIO, "RabbitMQ: PerfTest published (confirmed)", "msg/s", sent,
                "1 producer, 1 consumer, quorum queue, persistent, " + MESSAGE_BYTES + " B, confirms (500 in flight), "
                        + "manual ack (qos 500), " + options.perfTestSeconds() + " s"));
        return results.add(Result.Figure.of(SCENARIO, "RabbitMQ: PerfTest consumed (acked)", "msg/s", received,
                "the same PerfTest runs"));
    }
}
