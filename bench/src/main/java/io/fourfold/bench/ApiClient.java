package io.fourfold.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The public HTTP API of one api-service (or standalone), with auth and rate limits off, on loopback. */
final class ApiClient {

    /** Tasks per {@code POST /api/tasks/batch}: the api's default batch limit. */
    static final int BATCH = 1_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** {@code {"type": type, "payload": payload}}. */
    static ObjectNode task(String type, ObjectNode payload) {
        ObjectNode task = JSON.createObjectNode();
        task.put("type", type);
        task.set("payload", payload);
        return task;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** {@code task} in {@code queue} instead of its type's queue. */
    static ObjectNode inQueue(ObjectNode task, String queue) {
        return task.deepCopy().put("queue", queue);
    }

    void pause(String queue) {
        expect(204, send(post("/api/queues/" + queue + "/pause", "")));
    }

    void resume(String queue) {
        expect(204, send(post("/api/queues/" + queue + "/resume", "")));
    }

    /** Submits up to {@link #BATCH} tasks in one {@code POST /api/tasks/batch}. */
    void submitBatch(List<ObjectNode> tasks) {
        expect(202, send(post("/api/tasks/batch", jsonArray(tasks))));
    }

    /** Submits one task; answers its id. */
    String submit(ObjectNode task) {
        HttpResponse<String> response = send(post("/api/tasks", JSON.writeValueAsString(task)));
        expect(202, response);
        return JSON.readTree(response.body()).path("id").asString();
    }

    /** {@code POST /api/tasks?wait=}: answers the status, 200 when the result came within {@code wait}. */
    int submitAndWait(String body, Duration wait) {
        return send(post("/api/tasks?wait=" + wait, body)).statusCode();
    }

    /** Cancels a task; a running one is signalled and stops within a second. */
    void cancel(String id) {
        expect(202, send(post("/api/tasks/" + id + "/cancel", "")));
    }

    JsonNode task(String id) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/tasks/" + id))
                .timeout(TIMEOUT).GET().build());
        expect(200, response);
        return JSON.readTree(response.body());
    }

    /** The figures of {@code queue} in {@code GET /api/queues}; all zero while the queue is unknown. */
    QueueFigures queue(String queue) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/queues"))
                .timeout(TIMEOUT).GET().build());
        expect(200, response);
        for (JsonNode figures : JSON.readTree(response.body())) {
            if (figures.path("name").asString().equals(queue)) {
                return new QueueFigures(figures.path("ready").asLong(), figures.path("ready").asLong()
                        + figures.path("delayed").asLong() + figures.path("running").asLong(),
                        figures.path("dead").asLong());
            }
        }
        return new QueueFigures(0, 0, 0);
    }

    static String json(ObjectNode node) {
        return JSON.writeValueAsString(node);
    }

    static String jsonArray(List<ObjectNode> nodes) {
        ArrayNode array = JSON.createArrayNode();
        nodes.forEach(array::add);
        return JSON.writeValueAsString(array);
    }

    /** The absolute URL of {@code path} on this api. */
    String url(String path) {
        return base + path;
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " instead of " + status + ": " + response.body());
        }
    }

    /**
     * @param ready       tasks waiting for a worker
     * @param outstanding tasks ready, delayed or running
     * @param dead        dead letters kept
     */
    record QueueFigures(long ready, long outstanding, long dead) {
    }
}
