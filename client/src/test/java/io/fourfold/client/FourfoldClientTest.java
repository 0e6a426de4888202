package io.fourfold.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the client sends and how it reads each kind of answer, against a stub of the api. */
class FourfoldClientTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String VIEW = """
            {"id":"t-1","type":"echo","queue":"default","state":"SUCCEEDED","priority":0,"attempt":1,"maxAttempts":3,
             "createdAt":"2030-01-01T09:00:00Z","runAt":"2030-01-01T09:00:00Z","startedAt":"2030-01-01T09:00:01Z",
             "finishedAt":"2030-01-01T09:00:02Z","progress":1.0,"progressMessage":null,"result":{"x":1},
             "error":null,"worker":"w-1","executor":"EVENT_LOOP","addedByANewerServer":true}""";

    private final JsonMapper json = JsonMapper.builder().build();
    private StubApi api;
    private FourfoldClient client;

    @BeforeEach
    void start() throws IOException {
        api = new StubApi();
        client = FourfoldClient.builder().baseUrl(api.baseUrl() + "/").blockingTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    record Thumbnail(String imageUrl, int width) {
    }

    @Test
    void aSubmitSendsTheRequestAsTheApiReadsItAndReadsTheView() throws Exception {
        api.answer(202, "application/json", VIEW);

        TaskView view = client.blocking().submit(TaskRequest.of("thumbnail", new Thumbnail("https://x/y.png", 128))
                .withPriority(5).withDelay(Duration.ofSeconds(30)).withTimeout(Duration.ofMinutes(1)), "order-42");

        StubApi.Received request = api.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/api/tasks");
        assertThat(request.header("Idempotency-Key")).isEqualTo("order-42");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(json.readTree(request.body())).isEqualTo(json.readTree("""
                {"type":"thumbnail","payload":{"imageUrl":"https://x/y.png","width":128},"priority":5,
                 "delay":"PT30S","timeout":"PT1M"}"""));
        assertThat(view.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(view.isTerminal()).isTrue();
        assertThat(view.result().path("x").asInt()).isEqualTo(1);
        assertThat(view.finishedAt()).isEqualTo(Instant.parse("2030-01-01T09:00:02Z"));
    }

    @Test
    void submitAndWaitAsksTheApiToWaitAndReadsTheResultAsAType() throws Exception {
        api.answer(200, "application/json", VIEW);

        TaskView view = client.blocking().submitAndWait(TaskRequest.of("echo", Map.of("x", 1)), Duration.ofSeconds(10));

        assertThat(api.lastRequest().uri()).isEqualTo("/api/tasks?wait=PT10S");
        record Echo(int x) {
        }
        assertThat(client.resultAs(view, Echo.class)).isEqualTo(new Echo(1));
    }

    @Test
    void resultAsRefusesATaskThatHasNotSucceeded() {
        api.answer(200, "application/json", VIEW.replace("\"SUCCEEDED\"", "\"FAILED\"")
                .replace("\"error\":null", "\"error\":{\"type\":\"TIMEOUT\",\"message\":\"took too long\"}"));
        TaskView failed = client.blocking().get("t-1");

        assertThatThrownBy(() -> client.resultAs(failed, JsonNode.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FAILED").hasMessageContaining("TIMEOUT");
    }

    @Test
    void aTaskWithoutAResultHasNone() {
        api.answer(200, "application/json", VIEW.replace("\"state\":\"SUCCEEDED\"", "\"state\":\"QUEUED\"")
                .replace("\"result\":{\"x\":1}", "\"result\":null"));

        assertThat(client.blocking().get("t-1").result()).isNull();
    }

    @Test
    void anApiKeyOrABearerTokenGoesOnEveryCall() throws Exception {
        api.answer(200, "application/json", VIEW);

        FourfoldClient.builder().baseUrl(api.baseUrl()).apiKey("k-1").build().blocking().get("t-1");
        assertThat(api.lastRequest().header("X-API-Key")).isEqualTo("k-1");

        String[] token = {"jwt-1"};
        FourfoldClient withToken = FourfoldClient.builder().baseUrl(api.baseUrl()).bearerToken(() -> token[0]).build();
        withToken.blocking().get("t-1");
        assertThat(api.lastRequest().header("Authorization")).isEqualTo("Bearer jwt-1");
        token[0] = "jwt-2";
        withToken.blocking().cancel("t-1");
        assertThat(api.lastRequest().header("Authorization")).isEqualTo("Bearer jwt-2");
    }

    @Test
    void aClientNeedsABaseUrlAndAtMostOneKindOfCredentials() {
        assertThatThrownBy(() -> FourfoldClient.builder().build()).hasMessageContaining("base URL");
        assertThatThrownBy(() -> FourfoldClient.builder().baseUrl("http://x").apiKey("k").bearerToken("t").build())
                .hasMessageContaining("not both");
    }

    @Test
    void listSendsOnlyTheFiltersGiven() throws Exception {
        api.answer(200, "application/json", "{\"tasks\":[" + VIEW + "],\"nextCursor\":\"t-0\"}");

        TaskPage page = client.blocking().list(TaskQuery.recent().withState(TaskState.FAILED).withLimit(10));

        assertThat(api.lastRequest().uri()).isEqualTo("/api/tasks?state=FAILED&limit=10");
        assertThat(page.tasks()).extracting(TaskView::id).containsExactly("t-1");
        assertThat(page.hasNext()).isTrue();
    }

    @Test
    void taskTypesReadTheirDefaults() {
        api.answer(200, "application/json", """
                [{"type":"sleep","registered":true,"executor":"VIRTUAL","queue":"default","maxAttempts":3,
                  "timeout":"PT5M","payloadSchema":{"type":"object"},"liveWorkers":2},
                 {"type":"declared","registered":false,"executor":null,"queue":null,"maxAttempts":null,
                  "timeout":null,"payloadSchema":null,"liveWorkers":0}]""");

        List<TaskType> types = client.blocking().taskTypes();

        assertThat(types.getFirst().timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(types.getFirst().liveWorkers()).isEqualTo(2);
        assertThat(types.getLast().registered()).isFalse();
    }

    @Test
    void eventsEndAtTheFirstTerminalView() throws Exception {
        String running = VIEW.replace("\"SUCCEEDED\"", "\"RUNNING\"").replace('\n', ' ');
        String done = VIEW.replace('\n', ' ');
        api.answer(200, "text/event-stream", ":heartbeat\n\n"
                + "id:1\nevent:task\ndata:" + running + "\n\n"
                + "id:2\nevent:task\ndata:" + done + "\n\n"
                + "id:3\nevent:task\ndata:" + running + "\n\n");

        StepVerifier.create(client.events("t-1").map(TaskView::state))
                .expectNext(TaskState.RUNNING, TaskState.SUCCEEDED)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        StubApi.Received request = api.lastRequest();
        assertThat(request.uri()).isEqualTo("/api/tasks/t-1/events");
        assertThat(request.header("Accept")).contains("text/event-stream");
    }

    @Test
    void a404IsATaskNotFound() {
        api.answer(404, PROBLEM, """
                {"type":"/problems/task-not-found","title":"Task not found","status":404,
                 "detail":"No task with id 'nope'"}""");

        StepVerifier.create(client.get("nope"))
                .expectErrorSatisfies(error -> assertThat(error).asInstanceOf(type(TaskNotFoundException.class))
                        .satisfies(problem -> {
                            assertThat(problem.status()).isEqualTo(404);
                            assertThat(problem.type()).hasToString("/problems/task-not-found");
                            assertThat(problem.title()).isEqualTo("Task not found");
                            assertThat(problem.detail()).isEqualTo("No task with id 'nope'");
                            assertThat(problem.errors()).isEmpty();
                            assertThat(problem).hasMessage("404 Task not found: No task with id 'nope'");
                        }))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void a404BeforeAnEventStreamIsATaskNotFound() {
        api.answer(404, PROBLEM, "{\"type\":\"/problems/task-not-found\",\"title\":\"Task not found\",\"status\":404}");

        StepVerifier.create(client.events("nope")).expectError(TaskNotFoundException.class).verify(Duration.ofSeconds(10));
    }

    @Test
    void a400NamesEachWrongField() {
        api.answer(400, PROBLEM, """
                {"type":"/problems/invalid-request","title":"Invalid request","status":400,
                 "detail":"payload.millis: must be at least 0",
                 "errors":[{"field":"payload.millis","message":"must be at least 0"}]}""");

        assertThatThrownBy(() -> client.blocking().submit(TaskRequest.of("sleep", Map.of("millis", -1))))
                .asInstanceOf(type(InvalidTaskException.class))
                .satisfies(problem -> assertThat(problem.errors())
                        .containsExactly(new FourfoldProblemException.FieldError("payload.millis", "must be at least 0")));
    }

    @Test
    void a422ForAnUnknownTypeCarriesTheKnownTypes() {
        api.answer(422, PROBLEM, """
                {"type":"/problems/unknown-task-type","title":"Unknown task type","status":422,
                 "detail":"Unknown task type. Known types: echo, sleep","knownTypes":["echo","sleep"]}""");

        assertThatThrownBy(() -> client.blocking().submit(TaskRequest.of("slep")))
                .asInstanceOf(type(InvalidTaskException.class))
                .satisfies(problem -> assertThat(problem.property("knownTypes"))
                        .extracting(JsonNode::asString).containsExactly("echo", "sleep"));
    }

    @Test
    void a413IsAnInvalidTask() {
        api.answer(413, PROBLEM, "{\"type\":\"/problems/too-large\",\"title\":\"Request too large\",\"status\":413}");

        assertThatThrownBy(() -> client.blocking().submit(TaskRequest.of("echo")))
                .isInstanceOf(InvalidTaskException.class).hasMessageStartingWith("413 Request too large");
    }

    @Test
    void a409IsATaskFinished() {
        api.answer(409, PROBLEM, "{\"type\":\"/problems/task-finished\",\"title\":\"Task already finished\",\"status\":409}");

        assertThatThrownBy(() -> client.blocking().cancel("t-1")).isInstanceOf(TaskFinishedException.class);
    }

    @Test
    void a401Or403IsAccessDenied() {
        api.answer(401, PROBLEM, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Missing X-API-Key\"}");
        assertThatThrownBy(() -> client.blocking().get("t-1"))
                .asInstanceOf(type(AccessDeniedException.class))
                .satisfies(problem -> assertThat(problem.type()).hasToString("about:blank"));

        api.answer(403, PROBLEM, "{\"title\":\"Forbidden\",\"status\":403}");
        assertThatThrownBy(() -> client.blocking().cancel("t-1"))
                .asInstanceOf(type(AccessDeniedException.class))
                .satisfies(problem -> assertThat(problem.status()).isEqualTo(403));
    }

    @Test
    void a429SaysWhenToRetryInSeconds() {
        api.answer(429, PROBLEM, "{\"title\":\"Too many requests\",\"status\":429}", Map.of("Retry-After", "7"));

        assertThatThrownBy(() -> client.blocking().submit(TaskRequest.of("echo")))
                .asInstanceOf(type(RateLimitedException.class))
                .satisfies(problem -> assertThat(problem.retryAfter()).contains(Duration.ofSeconds(7)));
    }

    @Test
    void a503SaysWhenToRetryAsAnHttpDate() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(60).atOffset(ZoneOffset.UTC));
        api.answer(503, PROBLEM, "{\"type\":\"/problems/backend-unavailable\",\"title\":\"Backend unavailable\"}",
                Map.of("Retry-After", inAMinute));

        assertThatThrownBy(() -> client.blocking().submit(TaskRequest.of("echo")))
                .asInstanceOf(type(ServiceUnavailableException.class))
                .satisfies(problem -> assertThat(problem.retryAfter()).hasValueSatisfying(wait ->
                        assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60))));
    }

    @Test
    void aRetryLaterWithoutRetryAfterSaysNothing() {
        api.answer(503, PROBLEM, "{\"title\":\"Backend unavailable\"}");

        assertThatThrownBy(() -> client.blocking().get("t-1"))
                .asInstanceOf(type(RetryLaterException.class))
                .satisfies(problem -> assertThat(problem.retryAfter()).isEmpty());
    }

    @Test
    void anErrorThatIsNotProblemJsonStillBecomesAProblemWithItsText() {
        api.answer(502, "text/html", "<html>Bad gateway from the proxy</html>");

        assertThatThrownBy(() -> client.blocking().get("t-1"))
                .isExactlyInstanceOf(FourfoldProblemException.class)
                .asInstanceOf(type(FourfoldProblemException.class))
                .satisfies(problem -> {
                    assertThat(problem.status()).isEqualTo(502);
                    assertThat(problem.title()).isEqualTo("Bad Gateway");
                    assertThat(problem.detail()).contains("Bad gateway from the proxy");
                    assertThat(problem.type()).hasToString("about:blank");
                });
    }
}
