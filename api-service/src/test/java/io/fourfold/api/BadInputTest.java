package io.fourfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.TaskPage;
import io.fourfold.transport.TaskQuery;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTypeInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fires thousands of malformed and edge-case requests ({@link BadRequests}) at every endpoint of a running api, with
 * auth on, and checks what a client relies on: never a 5xx; every refusal an {@code application/problem+json} with a
 * useful {@code detail} and no stack trace or class name; and nothing stored but the tasks whose submit was
 * accepted. {@code -Dfourfold.bad-input.seed=...} replays a run, {@code -Dfourfold.bad-input.cases=...} sizes it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fourfold.api.security.api-keys[0].name=fuzzer",
        "fourfold.api.security.api-keys[0].role=admin",
        // SHA-256 of "bad-input-suite-key"
        "fourfold.api.security.api-keys[0].sha256=5d82cd6e1d7e152a479c2d18eccd48b09a8501a39bcd14e7d9ba398d079af813",
        "fourfold.api.rate-limit.enabled=false",
        "fourfold.api.batch-limit=5",
        "fourfold.api.max-wait=PT0.2S",
        "fourfold.api.task-types=declared-only",
        // Schedules a case creates are checked and listed, never fired: only accepted submits may store tasks.
        "fourfold.scheduler.enabled=false"})
class BadInputTest {

    private static final long SEED = Long.getLong("fourfold.bad-input.seed", 20_261_123L);
    private static final int CASES = Integer.getInteger("fourfold.bad-input.cases", 4000);
    private static final JsonMapper JSON = JsonMapper.shared();
    /** What leaks the inside: a stack frame, an exception or a fully qualified class name. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [\\w$.]+\\(|\\b(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|org\\.springframework|"
                    + "io\\.netty|reactor|io\\.fourfold|com\\.networknt)\\.[a-z]+\\.");

    @Autowired
    private TaskStore store;
    @LocalServerPort
    private int port;

    @Test
    void noInputGetsA5xxAStackTraceOrAHalfStoredTask() {
        store.registerTaskTypes(List.of(
                new TaskTypeInfo("sleep", ExecutorKind.VIRTUAL, "sleepers", 4, Duration.ofMinutes(2), ApiTestSupport.SLEEP_SCHEMA),
                new TaskTypeInfo("echo", ExecutorKind.EVENT_LOOP, "default", 3, Duration.ofMinutes(5),
                        JSON.readTree("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"}")))).block();
        HttpClient http = HttpClient.create().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30));
        List<String> accepted = new ArrayList<>();
        BadRequests requests = new BadRequests(new Random(SEED), "bad-input-suite-key", accepted);
        List<String> failures = new ArrayList<>();
        int serverErrors = 0;
        for (int i = 0; i < CASES; i++) {
            BadRequests.Case request = requests.next();
            Answer answer = send(http, request);
            int status = answer.status();
            if (status >= 500) {
                serverErrors++;
            }
            String problem = problemOf(request.method(), answer);
            if (problem != null && failures.size() < 20) {
                failures.add("case " + i + ": " + request.description() + " " + request.headers().keySet().stream()
                        .filter(name -> !name.equals("X-API-Key")).map(name -> name + ": " + request.headers().get(name))
                        .toList() + " -> " + status + ": " + problem);
            }
            if (status < 300 && request.method().equals("POST") && request.uri().startsWith("/api/tasks")
                    && !request.uri().contains("/cancel")) {
                accepted.addAll(ids(answer.body()));
            }
        }
        System.out.println("bad-input suite: " + CASES + " cases, " + serverErrors + " server errors (seed " + SEED + ")");
        assertThat(failures).as("answers that break the contract").isEmpty();
        assertThat(storedIds()).as("tasks stored = tasks of accepted submits").isEqualTo(new HashSet<>(accepted));
    }

    /**
     * Sends the request exactly as generated: a plain Netty client, since WebClient would parse the content type
     * and refuse to send a malformed one.
     */
    private static Answer send(HttpClient http, BadRequests.Case request) {
        HttpClient withHeaders = http.headers(headers -> {
            request.headers().forEach(headers::set);
            if (request.body() != null) {
                headers.set("Content-Length", request.body().length);
            }
        });
        HttpClient.RequestSender sender = withHeaders.request(io.netty.handler.codec.http.HttpMethod.valueOf(request.method()))
                .uri(request.uri());
        HttpClient.ResponseReceiver<?> receiver = request.body() == null ? sender
                : sender.send(ByteBufFlux.fromInbound(Mono.just(request.body())));
        return receiver.responseSingle((response, content) -> content.asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .map(body -> new Answer(response.status().code(),
                                response.responseHeaders().get("Content-Type"), body)))
                .block(Duration.ofSeconds(60));
    }

    /** What is wrong with the answer, or null when it is fine. */
    private static @Nullable String problemOf(String method, Answer answer) {
        int status = answer.status();
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (status >= 500) {
            return "server error " + body;
        }
        if (LEAK.matcher(body).find()) {
            return "leaks internals: " + body;
        }
        if (status < 400) {
            return null;
        }
        if (method.equals("HEAD")) {
            // A HEAD answer has no body by definition; its headers are those a GET would have.
            return MediaType.APPLICATION_PROBLEM_JSON.toString().equals(answer.contentType()) ? null
                    : "content type " + answer.contentType();
        }
        if (answer.contentType() == null
                || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.parseMediaType(answer.contentType()))) {
            return "content type " + answer.contentType() + ", body " + body;
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (RuntimeException unreadable) {
            return "unreadable problem " + body;
        }
        if (!problem.path("detail").isString() || problem.path("detail").asString().isBlank()
                || problem.path("status").asInt() != status || !problem.path("type").isString()) {
            return "incomplete problem " + body;
        }
        return null;
    }

    private record Answer(int status, @Nullable String contentType, byte[] body) {
    }

    private static List<String> ids(byte[] body) {
        JsonNode answer = JSON.readTree(body);
        List<String> ids = new ArrayList<>();
        (answer.isArray() ? answer.values() : List.of(answer)).forEach(view -> ids.add(view.get("id").asString()));
        return ids;
    }

    private Set<String> storedIds() {
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            TaskPage page = store.list(new TaskQuery(null, null, null, 500, cursor)).block();
            page.tasks().forEach(task -> ids.add(task.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }
}
