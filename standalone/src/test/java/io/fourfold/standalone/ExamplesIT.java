package io.fourfold.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The examples in other languages ({@code examples/python/rpc.py}, {@code examples/curl/walkthrough.sh}) run
 * against a live standalone, as a user runs them, so they cannot rot. Without python3 or curl on the PATH a test
 * is skipped with a message, except on CI ({@code CI=true}), where it fails.
 */
@SpringBootTest(classes = FourfoldStandalone.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.server.port=0",
                "fourfold.worker.backoff.base=50ms",
                "fourfold.worker.backoff.max=200ms"})
class ExamplesIT {

    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final long PATIENCE_SECONDS = 90;

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @TempDir
    Path output;

    record Run(int exitCode, String stdout, String stderr) {
    }

    @Test
    void thePythonExampleSubmitsAnEchoAndPrintsItsResult() throws Exception {
        requireOnPath("python3");

        Run run = run(Map.of(), "python3", script("python/rpc.py"), "--url", baseUrl());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(json.readTree(run.stdout())).isEqualTo(json.readTree("{\"message\": \"hello from Python\"}"));
    }

    @Test
    void thePythonExamplePollsATaskThatOutlastsTheWait() throws Exception {
        requireOnPath("python3");

        Run run = run(Map.of(), "python3", script("python/rpc.py"), "sleep", "{\"millis\": 2500}", "--wait", "1",
                "--url", baseUrl());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode result = json.readTree(run.stdout());
        assertThat(result.path("sleptMillis").asLong()).isEqualTo(2500);
        assertThat(run.stderr()).contains("RUNNING");
    }

    @Test
    void thePythonExampleShowsTheProblemOfABadPayload() throws Exception {
        requireOnPath("python3");

        Run run = run(Map.of(), "python3", script("python/rpc.py"), "sleep", "{\"millis\": -1}", "--url", baseUrl());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("400").contains("payload.millis");
    }

    @Test
    void theCurlWalkthroughPasses() throws Exception {
        requireOnPath("bash");
        requireOnPath("curl");

        Run run = run(Map.of("BASE_URL", baseUrl(), "SLEEP_MILLIS", "2000"), "bash", script("curl/walkthrough.sh"));

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stdout()).contains("states seen:").contains("Walkthrough passed");
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    private static String script(String name) {
        Path script = EXAMPLES.resolve(name);
        assertThat(script).as("the example %s", name).isRegularFile();
        return script.toString();
    }

    private Run run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        Path stdout = output.resolve("stdout");
        Path stderr = output.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(EXAMPLES.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("%s did not end within %d s; it printed: %s %s", List.of(command), PATIENCE_SECONDS,
                    Files.readString(stdout), Files.readString(stderr));
        }
        return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    /** Skips the test when {@code program} is missing, with a message; on CI a missing program is a failure. */
    private static void requireOnPath(String program) {
        List<Path> found = new ArrayList<>();
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                found.add(candidate);
            }
        }
        String message = program + " is not on the PATH: the example that needs it was not run";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true makes this a failure)");
        }
        if (found.isEmpty()) {
            System.err.println("SKIPPED: " + message);
        }
        assumeTrue(!found.isEmpty(), message);
    }
}
