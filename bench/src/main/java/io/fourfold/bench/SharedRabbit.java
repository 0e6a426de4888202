package io.fourfold.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * The machine's RabbitMQ on 127.0.0.1:5672 (guest/guest), shared with whatever else runs: everything the run declares
 * is named under a prefix of its own, {@code bench-<random>.}, and deleted at the end. The node itself is never
 * stopped or purged.
 */
final class SharedRabbit {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;

    private final BenchContext context;
    private final String prefix = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".";

    SharedRabbit(BenchContext context) {
        this.context = context;
    }

    /** Put before every queue and exchange name the services and PerfTest declare. */
    String prefix() {
        return prefix;
    }

    /**
     * The broker's Erlang VM ({@code beam.smp}), for its CPU time; empty when this user cannot see it. It is shared,
     * so its CPU counts whatever else uses the node meanwhile.
     */
    Optional<ProcessHandle> broker() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(command -> command.endsWith("/beam.smp")).orElse(false))
                .findFirst();
    }

    /** The server version the broker announces, or why it cannot be reached. */
    String version() {
        try (Connection connection = factory().newConnection("fourfold-bench")) {
            return "RabbitMQ " + connection.getServerProperties().get("version");
        } catch (IOException | TimeoutException e) {
            return "RabbitMQ unreachable on " + HOST + ":" + PORT + " (" + e.getMessage() + ")";
        }
    }

    /**
     * RabbitMQ PerfTest in a JVM of its own: one producer and one consumer on a quorum queue (what Fourfold declares),
     * persistent messages of {@code size} bytes, publisher confirms and manual acks, for {@code seconds}.
     */
    PerfTestRates perfTest(int seconds, int size) {
        List<String> command = new ArrayList<>(List.of(context.java().toString(), "-cp",
                System.getProperty("java.class.path"), "com.rabbitmq.perf.PerfTest",
                "--uri", "amqp://guest:guest@" + HOST + ":" + PORT, "--id", "bench",
                "--producers", "1", "--consumers", "1", "--queue", prefix + "perftest", "--quorum-queue",
                "--flag", "persistent", "--confirm", "500", "--qos", "500", "--size", String.valueOf(size),
                "--time", String.valueOf(seconds)));
        String output = context.processes().run(command, context.logs().resolve("perf-test.log"),
                Duration.ofSeconds(seconds + 60L));
        return ToolOutput.perfTestRates(output);
    }

    /** Deletes every queue and exchange under this run's prefix (they are listed by {@code rabbitmqctl}). */
    void deleteDeclared() {
        List<String> queues = listed("list_queues");
        List<String> exchanges = listed("list_exchanges");
        try (Connection connection = factory().newConnection("fourfold-bench-cleanup");
             Channel channel = connection.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
            for (String exchange : exchanges) {
                channel.exchangeDelete(exchange);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> listed(String what) {
        String output = context.processes().run(List.of("rabbitmqctl", "-q", what, "name"),
                context.logs().resolve("rabbitmqctl.log"), Duration.ofSeconds(60));
        return output.lines().map(String::strip).filter(name -> name.startsWith(prefix)).toList();
    }

    private static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        factory.setConnectionTimeout(5_000);
        return factory;
    }

    /** PerfTest's averages over its whole run, in messages per second. */
    record PerfTestRates(double sent, double received) {
    }
}
