package io.fourfold.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One service JVM, with {@code --name=value} settings: api-service, worker-service or standalone from its exec jar, or
 * a main class of this module on its class path.
 */
final class ServiceJvm {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int managementPort;
    private final ProcessGroup group;
    private Duration startup = Duration.ZERO;

    private ServiceJvm(String name, Process process, Path log, int managementPort, ProcessGroup group) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.managementPort = managementPort;
        this.group = group;
    }

    /**
     * Starts a JVM running {@code launch} ({@code -jar app.jar}, or {@code -cp path main.Class}) and waits until its
     * readiness probe on {@code managementPort} answers 200; the time that took is {@link #startup()}.
     */
    static ServiceJvm start(BenchContext context, String name, List<String> launch, int managementPort,
                            List<String> settings) {
        List<String> command = new ArrayList<>();
        command.add(context.java().toString());
        command.addAll(context.jvmFlags());
        command.addAll(launch);
        settings.forEach(setting -> command.add("--" + setting));
        Path log = context.logs().resolve(name + ".log");
        long begin = System.nanoTime();
        ServiceJvm jvm = new ServiceJvm(name, context.processes().start(command, log), log, managementPort,
                context.processes());
        jvm.awaitReady();
        jvm.startup = Duration.ofNanos(System.nanoTime() - begin);
        return jvm;
    }

    String name() {
        return name;
    }

    /** From the process start to the first 200 of its readiness probe. */
    Duration startup() {
        return startup;
    }

    /** Resident memory now, in bytes ({@code VmRSS}). */
    long residentBytes() {
        return status("VmRSS:");
    }

    void kill() throws InterruptedException {
        group.kill(process);
    }

    void stop() {
        group.stop(process);
    }

    private void awaitReady() {
        URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        try {
            await(name + " ready").atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + tail());
                }
                return status(readiness) == 200;
            });
        } catch (ConditionTimeoutException timeout) {
            throw new IllegalStateException(timeout.getMessage() + tail(), timeout);
        }
    }

    /** The JVM's process, for its CPU time. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    private static int status(URI uri) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip()) * 1024;
                }
            }
            throw new IllegalStateException("no " + field + " in /proc/" + process.pid() + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is gone", e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n----- last lines of " + log + "\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "\n----- " + log + " unreadable: " + e;
        }
    }
}
