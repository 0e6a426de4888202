package io.fourfold.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the api on a free local port (the JDK's own HTTP server): answers every request with the answer
 * given last, and keeps the requests it received for the test to check.
 */
final class StubApi implements AutoCloseable {

    record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    record Received(String method, String uri, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Answer answer = new Answer(200, "application/json", "{}", Map.of());

    StubApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(int status, String contentType, String body, Map<String, String> headers) {
        answer = new Answer(status, contentType, body, headers);
    }

    void answer(int status, String contentType, String body) {
        answer(status, contentType, body, Map.of());
    }

    Received lastRequest() throws InterruptedException {
        Received request = received.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("The stub received no request");
        }
        return request;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer current = answer;
            exchange.getResponseHeaders().set("Content-Type", current.contentType());
            current.headers().forEach(exchange.getResponseHeaders()::set);
            byte[] body = current.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(current.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
