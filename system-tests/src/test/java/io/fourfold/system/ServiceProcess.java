package io.fourfold.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One service JVM started from its exec jar, with its output in a log file. The JVM flags trade peak speed for a
 * quicker start, which is what these tests wait for on a busy machine.
 */
final class ServiceProcess implements AutoCloseable {

    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m",
            "-XX:+ExitOnOutOfMemoryError");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int managementPort;

    private ServiceProcess(String name, Process process, Path log, int managementPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.managementPort = managementPort;
    }

    /** Starts {@code jar} with Spring Boot command-line {@code settings} ({@code name=value}, without the dashes). */
    static ServiceProcess start(String name, Path jar, Path directory, int managementPort, List<String> settings) {
        List<String> command = new ArrayList<>();
        command.add(Environment.java().toString());
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar.toString());
        settings.forEach(setting -> command.add("--" + setting));
        Path log = directory.resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
            return new ServiceProcess(name, process, log, managementPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The HTTP status of {@code /actuator/health/readiness}, or -1 when nothing answers. */
    int readiness() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException unreachable) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void awaitReady(Duration atMost) {
        try {
            await(name + " ready").atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail(60));
                }
                return readiness() == 200;
            });
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError(timeout.getMessage() + "\n" + tail(60), timeout);
        }
    }

    /** SIGKILL ({@code destroyForcibly} on Linux): no shutdown hook runs. Answers the exit code (137 = 128 + 9). */
    int kill() throws InterruptedException {
        return process.destroyForcibly().waitFor();
    }

    /** SIGTERM: Spring Boot shuts down gracefully (a worker drains). Answers the exit code (143 = 128 + 15). */
    int terminate(Duration atMost) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + atMost + " of SIGTERM:\n" + tail(60));
        }
        return process.exitValue();
    }

    /**
     * Writes the JVM's threads, virtual ones included ({@code jcmd Thread.dump_to_file}), beside its log, for a test
     * that found it stuck.
     */
    void dumpThreads() {
        if (!process.isAlive()) {
            return;
        }
        Path jcmd = Environment.java().resolveSibling("jcmd");
        Path dump = log.resolveSibling(name + "-threads.txt");
        try {
            Process print = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.dump_to_file",
                    "-overwrite", dump.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!print.waitFor(30, TimeUnit.SECONDS)) {
                print.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the process's output. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "----- last " + lines + " lines of " + log + "\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "----- " + log + " unreadable: " + e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
