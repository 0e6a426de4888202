package io.fourfold.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test runs (kubectl, yamllint, ip). Missing ones skip the test with a visible message, except under
 * {@code CI=true}, where .ci/run installs them and a missing one fails the build.
 */
record ExternalProgram(String name, String installHint) {

    static final ExternalProgram KUBECTL = new ExternalProgram("kubectl", "install kubectl (it bundles kustomize)");
    static final ExternalProgram YAMLLINT = new ExternalProgram("yamllint", "apt-get install -y yamllint");
    static final ExternalProgram PROMTOOL = new ExternalProgram("promtool", "apt-get install -y prometheus");

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the calling test (fails it on CI) with the reason, printed so that a skip is never silent. */
    static void unavailable(String reason) {
        if (onCi()) {
            fail(reason + " (CI=true: required)");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    Path require() {
        Optional<Path> found = locate();
        if (found.isEmpty()) {
            unavailable(name + " is not on the PATH; " + installHint);
        }
        return found.orElseThrow();
    }

    Optional<Path> locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the program with the arguments; returns its exit code and everything it printed. */
    Result run(Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(arguments));
        return Result.of(command, workingDirectory);
    }

    record Result(int exitCode, String output) {

        static Result of(List<String> command, Path workingDirectory) {
            try {
                Process process = new ProcessBuilder(command)
                        .directory(workingDirectory.toFile())
                        .redirectErrorStream(true)
                        .start();
                process.getOutputStream().close();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish within 5 minutes");
                }
                return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
