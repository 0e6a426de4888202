package io.fourfold.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The api-service's HTTP API as a client sees it: JSON in, status, headers and JSON out. */
final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** An answer; {@code body} is null when it was empty or not JSON. */
    record Answer(int status, HttpHeaders headers, @Nullable JsonNode body, String text) {

        JsonNode json() {
            if (body == null) {
                throw new AssertionError("expected JSON, got " + status + ": " + text);
            }
            return body;
        }
    }

    Answer post(String path, Object body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(70))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        return send(request.build());
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** Every task of {@code GET /api/tasks} (all pages), optionally only those in {@code state}. */
    List<JsonNode> list(@Nullable String state) {
        List<JsonNode> tasks = new ArrayList<>();
        String cursor = null;
        try {
            do {
                String path = "/api/tasks?limit=500" + (state == null ? "" : "&state=" + state)
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                Answer page = get(path);
                if (page.status() != 200) {
                    throw new AssertionError("GET " + path + " answered " + page.status() + ": " + page.text());
                }
                page.json().get("tasks").forEach(tasks::add);
                JsonNode next = page.json().get("nextCursor");
                cursor = next == null || next.isNull() ? null : next.asString();
            } while (cursor != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return tasks;
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        String text = response.body();
        if (!text.isBlank() && (text.startsWith("{") || text.startsWith("["))) {
            body = JSON.readTree(text);
        }
        return new Answer(response.statusCode(), response.headers(), body, text);
    }
}
