package io.fourfold.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fourfold.task.ExecutorKind;
import io.fourfold.worker.execution.TaskHandler;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Metrics and traces of tasks that really ran, api and worker in one JVM on the in-memory backend: the Prometheus
 * scrape is valid by {@code promtool check metrics} and carries the engine's and the queues' series, and the trace
 * of a submitting request is continued in the worker's log lines for its task.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "fourfold.api.metrics.refresh=200ms",
        "fourfold.worker.backoff.base=20ms",
        "fourfold.worker.backoff.max=50ms",
        "logging.level.io.fourfold.worker.execution=debug"})
@AutoConfigureWebTestClient(timeout = "PT30S")
@Import(ObservabilityTest.Chatty.class)
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Autowired
    WebTestClient http;

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void theScrapeAfterRealTasksHasTheFourfoldSeriesAndPassesPromtool(@TempDir Path dir) throws Exception {
        submit("{\"type\":\"echo\",\"payload\":{\"x\":1}}", null);
        submit("{\"type\":\"sleep\",\"payload\":{\"millis\":10}}", null);
        String doomed = submit("{\"type\":\"flaky\",\"payload\":{\"failures\":5},\"maxAttempts\":2}", null);
        await().atMost(PATIENCE).until(() -> "FAILED".equals(state(doomed)));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scrape())
                .contains("fourfold_tasks_submitted_total{queue=\"default\",type=\"echo\"}")
                .contains("fourfold_tasks_started_total{executor=\"event_loop\",queue=\"default\",type=\"echo\"}")
                .contains("fourfold_tasks_finished_total{executor=\"event_loop\",outcome=\"succeeded\"")
                .contains("fourfold_tasks_retried_total{executor=\"virtual\",queue=\"default\",type=\"flaky\"}")
                .contains("fourfold_tasks_dead_lettered_total{executor=\"virtual\",queue=\"default\",type=\"flaky\"}")
                .contains("fourfold_task_duration_seconds_bucket{executor=\"virtual\",outcome=\"succeeded\"")
                .contains("fourfold_task_queue_wait_seconds_bucket{executor=\"event_loop\",queue=\"default\"")
                .contains("fourfold_executor_slots{executor=\"platform\"}")
                .contains("fourfold_executor_slots_busy{executor=\"virtual\"}")
                .contains("fourfold_queue_ready{queue=\"default\"}")
                .contains("fourfold_queue_delayed{queue=\"default\"}")
                .contains("fourfold_queue_running{queue=\"default\"}")
                .contains("fourfold_queue_dead{queue=\"default\"} 1.0")
                .contains("fourfold_queue_oldest_age_seconds{queue=\"default\"}")
                .contains("fourfold_workers 1.0")
                .contains("jvm_threads_virtual_pinned_seconds_count"));

        Path scrape = Files.writeString(dir.resolve("scrape.txt"), scrape());
        Path promtool = requireOnPath("promtool", "apt-get install -y prometheus");
        Path report = dir.resolve("promtool.txt");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(scrape.toFile())
                .redirectOutput(report.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor(1, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        String output = Files.readString(report, StandardCharsets.UTF_8);
        // Exit 1 is a scrape Prometheus cannot parse; 3 means lint findings only. Boot's and Micrometer's own meters
        // have some (no help text on observation timers, "_ms" in a JVM meter); Fourfold's must have none.
        assertThat(check.exitValue()).as("promtool check metrics:%n%s", output).isIn(0, 3);
        assertThat(output.lines().filter(line -> line.startsWith("fourfold_")))
                .as("promtool's findings about Fourfold's metrics").isEmpty();
    }

    @Test
    void theTraceOfTheSubmittingRequestIsOnTheWorkersLogLinesForTheTask(CapturedOutput output) {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

        String id = submit("{\"type\":\"chatty\",\"payload\":{}}", traceparent);

        await().atMost(PATIENCE).until(() -> output.getAll().contains("Task " + id + " attempt 1 ended"));
        List<String> taskLines = output.getAll().lines().filter(line -> line.contains(id)).toList();
        assertThat(taskLines).as("the worker's lines about the task: run, handler, outcome").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(line -> assertThat(line).contains("[" + traceId + "-").contains("[task " + id + "]"));
        assertThat(output.getAll().lines().filter(line -> line.contains("chatty handler runs")))
                .singleElement().asString().contains("[" + traceId + "-").contains("[task " + id + "]");
    }

    @Test
    void withoutATraceparentTheWorkerContinuesTheApisTraceOfTheRequestOnEveryAttempt(CapturedOutput output) {
        String id = submit("{\"type\":\"flaky\",\"payload\":{\"failures\":1},\"maxAttempts\":2}", null);

        await().atMost(PATIENCE).until(() -> output.getAll().contains("Task " + id + " attempt 2 ended"));
        List<String> traceIds = output.getAll().lines()
                .filter(line -> line.contains("[task " + id + "]"))
                .map(line -> line.replaceFirst(".*\\[([0-9a-f]{32})-[0-9a-f]{16}] \\[task .*", "$1"))
                .distinct().toList();
        assertThat(traceIds).singleElement().asString().hasSize(32);
    }

    private String submit(String body, String traceparent) {
        WebTestClient.RequestBodySpec request = http.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON);
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        JsonNode view = request.bodyValue(body).exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return view.path("id").asString();
    }

    private String state(String id) {
        return http.get().uri("/api/tasks/{id}", id).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("state").asString();
    }

    private String scrape() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** Skips the test when {@code program} is missing, with a message; on CI a missing program is a failure. */
    private static Path requireOnPath(String program, String installHint) {
        Optional<Path> found = Optional.empty();
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (found.isEmpty() && !directory.isEmpty() && Files.isExecutable(candidate)) {
                found = Optional.of(candidate);
            }
        }
        String message = program + " is not on the PATH (" + installHint + "): the scrape was not checked";
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true makes this a failure)");
        }
        if (found.isEmpty()) {
            System.err.println("SKIPPED: " + message);
        }
        assumeTrue(found.isPresent(), message);
        return found.orElseThrow();
    }

    /** A handler that logs, as a user's handler would: its line must carry the task and the trace. */
    @TestConfiguration
    static class Chatty {

        private static final Logger log = LoggerFactory.getLogger(Chatty.class);

        @Bean
        Chatty.Handler chattyHandler() {
            return new Handler();
        }

        static class Handler {

            record Nothing() {
            }

            @TaskHandler(type = "chatty", executor = ExecutorKind.VIRTUAL)
            String run(Nothing payload) {
                log.info("chatty handler runs");
                return "done";
            }
        }
    }
}
