package io.fourfold.demos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs every demo of {@code docs/four-levels.md} in its quick mode, so the guide's commands cannot rot. It asserts
 * that each demo ends well, cleans up, and prints its figures in the shape the guide quotes; never their values,
 * which depend on the machine. The scripts need {@code redis-server} and {@code curl}: without them the test is
 * skipped with a message, unless {@code CI=true} or {@code -Dfourfold.require-brokers=true}, which make it fail.
 */
class DemosIT {

    private static final String NUMBER = "[0-9]+(\\.[0-9]+)?";
    private static final String LATENCY = "p50 " + NUMBER + " ms, p99 " + NUMBER + " ms, max " + NUMBER + " ms \\("
            + NUMBER + " (calls|pings)[^)]*\\)";

    @Test
    void machines() throws Exception {
        String output = run("machines.sh");
        assertThat(output).containsPattern("(?m)^figure: \\?wait= request/reply across network namespaces .*: "
                + LATENCY + "$");
    }

    @Test
    void processes() throws Exception {
        String output = run("processes.sh");
        assertThat(output)
                .containsPattern("(?m)^figure: \\?wait= request/reply, api \\+ 2 workers as processes on Redis: "
                        + LATENCY + "$")
                .containsPattern("(?m)^figure: at-least-once: 10 http.get tasks .* SIGKILLed \\(exit 137\\) holding "
                        + "[0-9]+ of them; all 10 SUCCEEDED " + NUMBER + " s after the kill; the called service "
                        + "counted calls=[0-9]+ tasks=10 repeated=[0-9]+: [0-9]+ tasks ran twice$")
                .containsPattern("(?m)^figure: PROCESS executor: 2 crash tasks each FAILED with CHILD_EXITED \\(exit "
                        + "code 3\\) " + NUMBER + "-" + NUMBER + " s after they started; an echo submitted next "
                        + "SUCCEEDED$");
    }

    @Test
    void threads() throws Exception {
        String output = run("threads.sh");
        assertThat(output)
                .containsPattern("(?m)^figure: no GIL: [0-9]+ primes tasks \\(upTo [0-9]+\\) on the PLATFORM pool: "
                        + "1 thread " + NUMBER + " s, [0-9]+ threads " + NUMBER + " s: speed-up " + NUMBER
                        + "x on [0-9]+ cores$")
                .containsPattern("(?m)^figure: \\?wait= request/reply, one JVM \\(standalone, in-memory backend\\): "
                        + LATENCY + "$");
    }

    @Test
    void greenThreads() throws Exception {
        String output = run("green-threads.sh");
        for (String where : List.of("nobody calls /work \\(baseline\\)", "/work blocks on the event loop \\(the mistake\\)",
                "/work blocks on boundedElastic", "/work blocks on a virtual thread")) {
            assertThat(output).containsPattern("(?m)^figure: " + where + ": +ping p50 +" + NUMBER + " ms, p99 +"
                    + NUMBER + " ms, max +" + NUMBER + " ms \\([0-9]+ pings\\); /work [0-9]+ calls/s$");
        }
        assertThat(output).containsPattern("(?m)^figure: two kinds of concurrency: 200 sleep tasks of 1 s on one "
                + "worker JVM .* all finished " + NUMBER + " s after the submit; the JVM had [0-9]+ OS threads before "
                + "and at most [0-9]+ during$");
    }

    private static String run(String script) throws IOException, InterruptedException {
        requireProgram("redis-server", "install it (apt-get install redis-server)");
        requireProgram("curl", "install it (apt-get install curl)");
        Path repository = Path.of(System.getProperty("fourfold.repository", "..")).toAbsolutePath().normalize();
        Path log = Files.createTempFile("demo-" + script, ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", repository.resolve("demos").resolve(script).toString(),
                    "--quick").directory(repository.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process demo = builder.start();
            boolean ended = demo.waitFor(8, TimeUnit.MINUTES);
            if (!ended) {
                demo.destroy();
                demo.waitFor(60, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println("----- demos/" + script + " --quick\n" + output);
            assertThat(ended).as("demos/%s --quick ended within 8 minutes", script).isTrue();
            assertThat(demo.exitValue()).as("exit code of demos/%s --quick; its output:%n%s", script, output)
                    .isZero();
            if (output.contains("skipped, network namespaces need root")) {
                Assumptions.abort("demos/" + script + " needs root for ip netns");
            }
            assertThat(output).contains("machine: ").containsPattern("(?m)^" + script + " took [0-9]+ s$");
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void requireProgram(String program, String hint) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        String message = program + " is not on the PATH; " + hint;
        if ("true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("fourfold.require-brokers")) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
