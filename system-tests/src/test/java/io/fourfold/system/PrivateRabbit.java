package io.fourfold.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A RabbitMQ node of the test's own: its own node name, AMQP and distribution ports, data, logs, config, plugins file
 * and Erlang cookie, all in the test's directory. It shares only epmd with the machine's node (every node on a host
 * registers there by name). Never the shared node on 5672: the test stops and restarts this one, and every call
 * names it by its own node name.
 */
final class PrivateRabbit implements AutoCloseable {

    private static final Duration BOOT = Duration.ofSeconds(120);

    private final Path bin;
    private final Path directory;
    private final String node;
    private final int port;
    private final int distributionPort;
    private @Nullable Process process;

    private PrivateRabbit(Path bin, Path directory, String node, int port, int distributionPort) {
        this.bin = bin;
        this.directory = directory;
        this.node = node;
        this.port = port;
        this.distributionPort = distributionPort;
    }

    /** Starts one, or skips the test when RabbitMQ is not installed or the node cannot boot here. */
    static PrivateRabbit start(Path directory) {
        Path onPath = Environment.require("rabbitmq-server", "install it (Debian: apt-get install -y rabbitmq-server)");
        PrivateRabbit rabbit = new PrivateRabbit(scripts(onPath), directory,
                "ff-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "@localhost",
                Environment.freePort(), Environment.freePort());
        rabbit.writeFiles();
        try {
            rabbit.start();
        } catch (AssertionError | RuntimeException cannotBoot) {
            rabbit.close();
            Environment.unavailable("a private RabbitMQ node could not start: " + cannotBoot.getMessage());
        }
        return rabbit;
    }

    int port() {
        return port;
    }

    String node() {
        return node;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Boots the node on the same ports and data directory, so its durable quorum queues come back with it. */
    void start() {
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("rabbitmq-server").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("rabbitmq-server.log").toFile()));
        builder.environment().putAll(environment());
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // await_startup fails at once while the node has not registered with epmd yet, so ask until it answers.
        long deadline = System.nanoTime() + BOOT.toNanos();
        String answer = ctl(BOOT, "await_startup", "--timeout", String.valueOf(BOOT.toSeconds()));
        while (answer.startsWith("exit ") && isRunning() && System.nanoTime() < deadline) {
            answer = ctl(BOOT, "await_startup", "--timeout", String.valueOf(BOOT.toSeconds()));
        }
        if (!isRunning() || answer.startsWith("exit ")) {
            throw new AssertionError("node " + node + " on port " + port + " did not boot: " + answer + "\n" + tail(30));
        }
    }

    /** A clean {@code rabbitmqctl stop}: the node halts after closing its queues; answers the server's exit code. */
    int stop() throws InterruptedException {
        Process server = running();
        String answer = ctl(Duration.ofSeconds(60), "stop");
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + node + " (pid " + server.pid() + ") did not exit within 60 s of stop: "
                    + answer + "\n" + tail(30));
        }
        process = null;
        return server.exitValue();
    }

    @Override
    public void close() {
        Process server = process;
        process = null;
        if (server == null || !server.isAlive()) {
            return;
        }
        ctl(Duration.ofSeconds(60), "stop");
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                // Only what this node's own start made: the start script and the Erlang VM it runs.
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the node's console output. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(directory.resolve("rabbitmq-server.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no console output: " + e + ")";
        }
    }

    /** Runs {@code rabbitmqctl -n <this node>}; answers its output, prefixed with {@code exit N} when it failed. */
    private String ctl(Duration atMost, String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("rabbitmqctl").toString(), "-n", node));
        command.addAll(List.of(arguments));
        Path output = directory.resolve("rabbitmqctl.out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment());
        try {
            Process ctl = builder.start();
            ctl.getOutputStream().close();
            if (!ctl.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                ctl.destroyForcibly().waitFor();
                return "exit timeout: rabbitmqctl " + String.join(" ", arguments) + " took longer than " + atMost;
            }
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            return ctl.exitValue() == 0 ? text : "exit " + ctl.exitValue() + ": " + text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every setting the start scripts read, pointed at this node's files. {@code RABBITMQ_CONF_ENV_FILE} replaces the
     * machine's {@code /etc/rabbitmq/rabbitmq-env.conf} (which names the shared node) and {@code HOME} gives the node
     * and its rabbitmqctl a cookie of their own, so nothing here can reach the shared node.
     */
    private Map<String, String> environment() {
        return Map.ofEntries(
                Map.entry("HOME", directory.toString()),
                Map.entry("RABBITMQ_NODENAME", node),
                Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_NODE_PORT", String.valueOf(port)),
                Map.entry("RABBITMQ_DIST_PORT", String.valueOf(distributionPort)),
                Map.entry("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", directory.resolve("log").toString()),
                Map.entry("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq.conf").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_CONF_ENV_FILE", directory.resolve("rabbitmq-env.conf").toString()),
                // As the machine's node: epmd and the distribution port on loopback only.
                Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"));
    }

    private void writeFiles() {
        try {
            Files.createDirectories(directory.resolve("mnesia"));
            Files.createDirectories(directory.resolve("log"));
            // No plugins, so no management listener; AMQP on loopback only, where guest may log in.
            Files.writeString(directory.resolve("enabled_plugins"), "[].\n");
            Files.writeString(directory.resolve("rabbitmq.conf"), "listeners.tcp.default = 127.0.0.1:" + port + "\n");
            Files.writeString(directory.resolve("rabbitmq-env.conf"), "# empty: every setting comes from the environment\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory of the real start scripts. Debian's {@code /usr/sbin/rabbitmq-server} is a wrapper that switches to
     * the {@code rabbitmq} user and sends the output to {@code /var/log/rabbitmq}; the scripts it calls take the
     * environment as given.
     */
    private static Path scripts(Path onPath) {
        Path debian = Path.of("/usr/lib/rabbitmq/bin");
        if (Files.isExecutable(debian.resolve("rabbitmq-server")) && Files.isExecutable(debian.resolve("rabbitmqctl"))) {
            return debian;
        }
        try {
            return onPath.toRealPath().getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process running() {
        Process server = process;
        if (server == null || !server.isAlive()) {
            throw new IllegalStateException("the private RabbitMQ node " + node + " is not running");
        }
        return server;
    }
}
