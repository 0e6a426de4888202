package io.fourfold.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every scenario shares: the options, the processes started so far, the private Redis, the shared RabbitMQ,
 * where the jars and the logs are.
 *
 * @param logs where every process writes its output (kept after the run, to read when something failed)
 */
record BenchContext(BenchOptions options, ProcessGroup processes, Path logs, List<Result.Startup> startups) {

    static BenchContext create(BenchOptions options, ProcessGroup processes) {
        try {
            Path logs = Files.createDirectories(options.repository().resolve("bench/target/run"));
            return new BenchContext(options, processes, logs, new ArrayList<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Flags of the service JVMs: a fixed heap cap, so memory figures compare; the smoke run trades peak speed for a
     * quicker start.
     */
    List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"));
        if (options.smoke()) {
            flags.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        }
        return flags;
    }

    Path apiJar() {
        return jar("api-service/target/api-service-0.1.0-SNAPSHOT-exec.jar");
    }

    Path workerJar() {
        return jar("worker-service/target/worker-service-0.1.0-SNAPSHOT-exec.jar");
    }

    Path standaloneJar() {
        return jar("standalone/target/standalone-0.1.0-SNAPSHOT.jar");
    }

    /** Starts a service from its jar and notes how long it took to become ready. */
    ServiceJvm start(String service, String name, Path jar, int managementPort, List<String> settings) {
        List<String> launch = List.of("-jar", jar.toString());
        return started(service, ServiceJvm.start(this, name, launch, managementPort, settings));
    }

    /** Starts {@code main} of this module, on the harness's own class path. */
    ServiceJvm startMain(String service, String name, Class<?> main, int managementPort, List<String> settings) {
        return started(service, ServiceJvm.start(this, name, List.of("-cp", System.getProperty("java.class.path"),
                main.getName()), managementPort, settings));
    }

    private ServiceJvm started(String service, ServiceJvm jvm) {
        synchronized (startups) {
            startups.add(new Result.Startup(service, jvm.startup()));
        }
        return jvm;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path jar(String relative) {
        Path jar = options.repository().resolve(relative);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": scripts/bench.sh builds it unless told --no-build");
        }
        return jar;
    }
}
