package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server of the test's own, on a free port and in its own directory, for settings the shared Redis must not
 * be given and for restarts. Skipped when the binary is missing, except on CI ({@code CI=true}), where it must be
 * there.
 */
final class PrivateRedis implements AutoCloseable {

    private final String binary;
    private final Path dir;
    private final int port;
    private final List<String> settings;
    private Process process;

    private PrivateRedis(String binary, Path dir, int port, List<String> settings) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.settings = settings;
    }

    static PrivateRedis start(String... settings) throws IOException {
        PrivateRedis redis = new PrivateRedis(findBinary(), Files.createTempDirectory("fourfold-redis-"), freePort(),
                List.of(settings));
        redis.start();
        return redis;
    }

    /**
     * One that speaks TLS only, on its port: the server presents {@code certificate} with {@code key} (PEM files) and
     * asks no client certificate.
     */
    static PrivateRedis startTls(Path certificate, Path key) throws IOException {
        int port = freePort();
        PrivateRedis redis = new PrivateRedis(findBinary(), Files.createTempDirectory("fourfold-redis-"), port,
                List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file", certificate.toString(),
                        "--tls-key-file", key.toString(), "--tls-auth-clients", "no", "--save", ""));
        redis.start();
        return redis;
    }

    /** Starts it (again), on the same port and directory. */
    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString()));
        // Later settings win: a TLS instance turns the plain port off again.
        command.addAll(settings);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> LocalRedis.reachable("127.0.0.1", port));
    }

    /** Kills it as a crash would (SIGKILL), with no chance to save anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    int port() {
        return port;
    }

    /** Stops this instance only, by its own process handle, and removes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        String message = "redis-server is not on the PATH; install Redis to run this test";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true)");
        }
        Assumptions.abort(message + ". Skipping.");
        throw new IllegalStateException(message);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
