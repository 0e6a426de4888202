package io.fourfold.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A script of the repository run as a user runs it, from the repository root, with {@code JAVA_HOME} set to the JDK
 * running the tests. Its output goes to a log file, read back when it ends.
 */
record Script(int exitCode, String output) {

    static Script run(Path log, Duration atMost, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(Environment.repository().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                // SIGTERM lets the script's trap stop what it started.
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not end within " + atMost + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Script(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
