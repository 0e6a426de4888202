package io.fourfold.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slow local service that {@code http.get} tasks call, one path per task: every call of a path is one run of that
 * task, seen from outside the workers. This is how the test counts tasks that ran more than once. Each answer is
 * delayed by the milliseconds the path names ({@code /run/{n}/{millis}}), so these tasks are in flight for a while.
 */
final class MarkerServer implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    private final Map<Integer, AtomicInteger> hits = new ConcurrentHashMap<>();

    MarkerServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/run/", this::answerLater);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String url(int task, int millis) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/run/" + task + "/" + millis;
    }

    /** How often the task's path was called. */
    int hits(int task) {
        AtomicInteger count = hits.get(task);
        return count == null ? 0 : count.get();
    }

    private void answerLater(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        hits.computeIfAbsent(Integer.valueOf(parts[2]), key -> new AtomicInteger()).incrementAndGet();
        long millis = Long.parseLong(parts[3]);
        delays.schedule(() -> answer(exchange), millis, TimeUnit.MILLISECONDS);
    }

    private static void answer(HttpExchange exchange) {
        byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
        try (exchange) {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException callerGone) {
            // The worker that asked was killed meanwhile; its task runs again elsewhere and calls again.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        delays.shutdownNow();
    }
}
