package io.fourfold.api.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class TaskStatusTest extends ApiTestSupport {

    private static final ParameterizedTypeReference<ServerSentEvent<TaskView>> EVENT = new ParameterizedTypeReference<>() {
    };

    private WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.type").exists()
                .jsonPath("$.title").exists()
                .jsonPath("$.detail").exists();
    }

    @Test
    void aTaskIsReadByItsId() {
        String id = submit("echo", "{\"hello\": \"world\"}");
        client.get().uri("/api/tasks/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.type").isEqualTo("echo")
                .jsonPath("$.state").isEqualTo("QUEUED");
    }

    @Test
    void anUnknownOrMalformedIdIs404() {
        problem(client.get().uri("/api/tasks/{id}", TaskIds.next()).exchange(), 404)
                .jsonPath("$.type").isEqualTo("/problems/task-not-found");
        problem(client.get().uri("/api/tasks/not-a-task-id").exchange(), 404);
        problem(client.post().uri("/api/tasks/{id}/cancel", TaskIds.next()).exchange(), 404);
        problem(client.get().uri("/api/tasks/{id}/events", TaskIds.next()).accept(MediaType.TEXT_EVENT_STREAM).exchange(), 404);
    }

    @Test
    void theListIsNewestFirstAndPagedWithACursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit("echo", "{\"n\": " + i + "}"));
        }
        JsonNode first = page("/api/tasks?queue={queue}&limit=2", queue);
        assertThat(ids(first)).containsExactly(ids.get(4), ids.get(3));
        JsonNode second = page("/api/tasks?queue={queue}&limit=2&cursor=" + first.get("nextCursor").asString(), queue);
        assertThat(ids(second)).containsExactly(ids.get(2), ids.get(1));
        JsonNode last = page("/api/tasks?queue={queue}&limit=2&cursor=" + second.get("nextCursor").asString(), queue);
        assertThat(ids(last)).containsExactly(ids.get(0));
        assertThat(last.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void theListFiltersByStateTypeAndQueue() {
        String echo = submit("echo", "{}");
        String sleep = submit("sleep", "{\"millis\": 1}");
        client.post().uri("/api/tasks/{id}/cancel", sleep).exchange().expectStatus().isAccepted();
        assertThat(ids(page("/api/tasks?queue={queue}&state=CANCELLED", queue))).containsExactly(sleep);
        assertThat(ids(page("/api/tasks?queue={queue}&state=queued", queue))).containsExactly(echo);
        assertThat(ids(page("/api/tasks?queue={queue}&type=echo", queue))).containsExactly(echo);
    }

    @Test
    void badListParametersAre400NamingEachOne() {
        problem(client.get().uri("/api/tasks?state=DONE").exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("state");
        problem(client.get().uri("/api/tasks?limit=0").exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("limit");
        problem(client.get().uri("/api/tasks?limit=501").exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("limit");
        problem(client.get().uri("/api/tasks?limit=ten").exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("limit");
        problem(client.get().uri("/api/tasks?cursor=abc").exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    @Test
    void eventsDeliverTheSnapshotThenEveryChangeAndCloseAfterTheEnd() {
        String id = submit("sleep", "{\"millis\": 2000}");
        Flux<ServerSentEvent<TaskView>> events = client.get().uri("/api/tasks/{id}/events", id)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(EVENT).getResponseBody();
        AtomicReference<TaskLease> lease = new AtomicReference<>();
        List<Long> eventIds = new ArrayList<>();
        StepVerifier.create(events)
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("task");
                    assertThat(event.data().state()).isEqualTo(TaskState.QUEUED);
                    eventIds.add(Long.parseLong(event.id()));
                })
                .then(() -> lease.set(takeAndStart().block()))
                .assertNext(event -> {
                    assertThat(event.data().state()).isEqualTo(TaskState.RUNNING);
                    assertThat(event.data().worker()).isEqualTo(WORKER);
                    eventIds.add(Long.parseLong(event.id()));
                })
                .then(() -> transport.progress(lease.get(), 0.5, "half way").block())
                .assertNext(event -> {
                    assertThat(event.data().progress()).isEqualTo(0.5);
                    assertThat(event.data().progressMessage()).isEqualTo("half way");
                    eventIds.add(Long.parseLong(event.id()));
                })
                .then(() -> transport.complete(lease.get(), new TaskOutcome.Succeeded(
                        JsonNodeFactory.instance.objectNode().put("sleptMillis", 2000))).block())
                .assertNext(event -> {
                    assertThat(event.data().state()).isEqualTo(TaskState.SUCCEEDED);
                    assertThat(event.data().result().get("sleptMillis").asInt()).isEqualTo(2000);
                    eventIds.add(Long.parseLong(event.id()));
                })
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        assertThat(eventIds).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void eventsOfAFinishedTaskAreTheSnapshotAlone() {
        String id = submit("echo", "{}");
        client.post().uri("/api/tasks/{id}/cancel", id).exchange().expectStatus().isAccepted();
        Flux<ServerSentEvent<TaskView>> events = client.get().uri("/api/tasks/{id}/events", id)
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk().returnResult(EVENT).getResponseBody();
        StepVerifier.create(events)
                .assertNext(event -> assertThat(event.data().state()).isEqualTo(TaskState.CANCELLED))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void cancellingAQueuedTaskCancelsIt() {
        String id = submit("echo", "{}");
        client.post().uri("/api/tasks/{id}/cancel", id).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.state").isEqualTo("CANCELLED")
                .jsonPath("$.error.type").isEqualTo("CANCELLED");
        client.get().uri("/api/tasks/{id}", id).exchange().expectBody().jsonPath("$.state").isEqualTo("CANCELLED");
    }

    @Test
    void cancellingARunningTaskSignalsItsWorker() {
        String id = submit("echo", "{}");
        takeAndStart().block();
        List<String> signalled = new ArrayList<>();
        var requests = store.cancelRequests().subscribe(signalled::add);
        try {
            client.post().uri("/api/tasks/{id}/cancel", id).exchange()
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.state").isEqualTo("RUNNING");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> signalled.contains(id));
        } finally {
            requests.dispose();
        }
    }

    @Test
    void cancellingAFinishedTaskIs409() {
        String id = submit("echo", "{}");
        TaskLease lease = takeAndStart().block();
        transport.complete(lease, new TaskOutcome.Succeeded(null)).block();
        problem(client.post().uri("/api/tasks/{id}/cancel", id).exchange(), 409)
                .jsonPath("$.type").isEqualTo("/problems/task-finished")
                .jsonPath("$.detail").value(containsString("SUCCEEDED"));
    }

    private JsonNode page(String uri, Object... variables) {
        JsonNode page = client.get().uri(uri, variables).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page).isNotNull();
        return page;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("tasks").forEach(task -> ids.add(task.get("id").asString()));
        return ids;
    }
}
