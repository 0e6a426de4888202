package io.fourfold.bench;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of the run's own on a free port, keeping nothing on disk ({@code --save "" --appendonly no}). Never
 * the shared Redis on 6379.
 */
final class PrivateRedis {

    private static final Duration COMMAND = Duration.ofSeconds(30);

    private final BenchContext context;
    private final int port;
    private final ProcessHandle process;

    private PrivateRedis(BenchContext context, int port, ProcessHandle process) {
        this.context = context;
        this.port = port;
        this.process = process;
    }

    static PrivateRedis start(BenchContext context) {
        int port = BenchContext.freePort();
        Path directory = context.logs();
        Process server = context.processes().start(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no"),
                directory.resolve("redis-server.log"));
        PrivateRedis redis = new PrivateRedis(context, port, server.toHandle());
        await("redis-server on port " + port).atMost(COMMAND).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> redis.cli("PING").strip().equals("PONG"));
        return redis;
    }

    int port() {
        return port;
    }

    /** The redis-server process, for its CPU time. */
    ProcessHandle process() {
        return process;
    }

    String version() {
        Path log = context.logs().resolve("redis-version.log");
        return context.processes().run(List.of("redis-server", "--version"), log, COMMAND).strip();
    }

    /**
     * redis-benchmark's XADD (it has no built-in XADD test, so a custom command), {@code clients} at a time: the
     * ceiling of a task submit on this Redis. Answers requests per second.
     */
    double xaddPerSecond(int clients, int requests) {
        List<String> command = List.of("redis-benchmark", "-p", String.valueOf(port), "-c", String.valueOf(clients),
                "-n", String.valueOf(requests), "-q", "XADD", "bench:xadd", "*", "f", "v");
        String output = context.processes().run(command, context.logs().resolve("redis-benchmark.log"),
                Duration.ofMinutes(5));
        cli("DEL", "bench:xadd");
        return ToolOutput.redisBenchmarkRate(output);
    }

    String cli(String... arguments) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(arguments));
        return context.processes().run(command, context.logs().resolve("redis-cli.log"), COMMAND);
    }
}
