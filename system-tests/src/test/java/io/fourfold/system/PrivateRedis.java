package io.fourfold.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A redis-server of the test's own, on a free port with its files in the test's directory and every write fsynced
 * to the append-only file. Never the shared Redis: the test stops and restarts this one.
 */
final class PrivateRedis implements AutoCloseable {

    private final Path program;
    private final Path directory;
    private final int port;
    private @Nullable Process process;

    private PrivateRedis(Path program, Path directory, int port) {
        this.program = program;
        this.directory = directory;
        this.port = port;
    }

    /** Starts one, or skips the test when redis-server is not installed. */
    static PrivateRedis start(Path directory) {
        Path program = Environment.require("redis-server", "install it (Debian: apt-get install -y redis-server)");
        PrivateRedis redis = new PrivateRedis(program, directory, Environment.freePort());
        redis.start();
        return redis;
    }

    int port() {
        return port;
    }

    long pid() {
        return running().pid();
    }

    /** Starts the server on the same port and directory, so it loads what the append-only file holds. */
    void start() {
        List<String> command = List.of(program.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", directory.toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--maxmemory-policy", "noeviction", "--daemonize", "no");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("redis-server on port " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "+PONG".equals(command("PING")));
    }

    /** A clean {@code SHUTDOWN}: Redis fsyncs the append-only file and exits; answers its exit code. */
    int shutdown() throws InterruptedException {
        Process server = running();
        command("SHUTDOWN");
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("redis-server (pid " + server.pid() + ") did not exit within 30 s of SHUTDOWN");
        }
        process = null;
        return server.exitValue();
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** One inline command; its first reply line, or null when nothing answered. */
    @Nullable String command(String command) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readLine(socket.getInputStream());
        } catch (IOException unreachable) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        Process server = process;
        if (server != null && server.isAlive()) {
            command("SHUTDOWN NOSAVE");
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        process = null;
    }

    private Process running() {
        Process server = process;
        if (server == null || !server.isAlive()) {
            throw new IllegalStateException("the private redis-server on port " + port + " is not running");
        }
        return server;
    }

    private static @Nullable String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int next = in.read(); next != -1 && next != '\n'; next = in.read()) {
            if (next != '\r') {
                line.append((char) next);
            }
        }
        return line.isEmpty() ? null : line.toString();
    }
}
