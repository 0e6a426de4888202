package io.fourfold.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Where the jars, the scripts and the process logs are, and what the machine must offer for these tests. */
final class Environment {

    private Environment() {
    }

    static Path repository() {
        return Path.of(System.getProperty("fourfold.repository", "..")).toAbsolutePath().normalize();
    }

    static Path apiJar() {
        return jar("fourfold.api-jar", "api-service");
    }

    static Path workerJar() {
        return jar("fourfold.worker-jar", "worker-service");
    }

    /** A fresh directory under {@code target/system/} for one test's process logs and Redis files. */
    static Path outputDirectory(String name) {
        Path dir = Path.of(System.getProperty("fourfold.system-dir", "target/system"), name).toAbsolutePath();
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** A program on the PATH, or a skip (a failure on CI or with {@code -Dfourfold.require-brokers=true}). */
    static Path require(String program, String installHint) {
        Optional<Path> found = locate(program);
        if (found.isEmpty()) {
            unavailable(program + " is not on the PATH; " + installHint);
        }
        return found.orElseThrow();
    }

    static Optional<Path> locate(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Skips the calling test with the reason printed, so a skip is never silent; fails it where it is required. */
    static void unavailable(String reason) {
        if (onCi() || Boolean.getBoolean("fourfold.require-brokers")) {
            fail(reason + " (required: CI=true or -Dfourfold.require-brokers=true)");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    private static Path jar(String property, String module) {
        Path jar = Path.of(System.getProperty(property, "../" + module + "/target/" + module + "-0.1.0-SNAPSHOT-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("no " + module + " jar at " + jar + ": run ./mvnw -q -DskipTests install first");
        }
        return jar.toAbsolutePath().normalize();
    }
}
