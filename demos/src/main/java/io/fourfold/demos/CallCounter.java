package io.fourfold.demos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
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
 * A slow service on the loopback address that {@code http.get} tasks call, one path per task
 * ({@code /run/{task}/{millis}}, answered after that many milliseconds). Every call of a path is one run of that
 * task, seen from outside the workers; {@code /summary} answers {@code calls=C tasks=T repeated=R}, where R is the
 * number of tasks called more than once. Only the JDK is needed:
 * {@code java -cp demos/target/classes io.fourfold.demos.CallCounter PORT}. Its server thread keeps the JVM up until SIGTERM.
 */
public final class CallCounter {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();

    private CallCounter() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        CallCounter counter = new CallCounter();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        server.createContext("/run/", counter::answerLater);
        server.createContext("/summary", counter::summary);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("CallCounter listening on 127.0.0.1:" + server.getAddress().getPort());
    }

    private void answerLater(HttpExchange exchange) {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        calls.computeIfAbsent(parts[2], task -> new AtomicInteger()).incrementAndGet();
        delays.schedule(() -> answer(exchange, "ok"), Long.parseLong(parts[3]), TimeUnit.MILLISECONDS);
    }

    private void summary(HttpExchange exchange) {
        int total = calls.values().stream().mapToInt(AtomicInteger::get).sum();
        long repeated = calls.values().stream().filter(count -> count.get() > 1).count();
        answer(exchange, "calls=" + total + " tasks=" + calls.size() + " repeated=" + repeated + "\n");
    }

    private static void answer(HttpExchange exchange, String text) {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        try (exchange) {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException gone) {
            // The caller went away (its worker was killed): nothing to answer.
        }
    }
}
