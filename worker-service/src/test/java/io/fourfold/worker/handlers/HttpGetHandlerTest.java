package io.fourfold.worker.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fourfold.worker.execution.NonRetryableTaskException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code http.get} against a real loopback HTTP server, which only the test-only switch lets it reach. */
class HttpGetHandlerTest {

    private static final byte[] BODY = "hello from the loopback server".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/hello");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/away", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://10.0.0.1/secret");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void fetchesFromAnAllowedLoopbackHostWhenTheTestSwitchIsOn() throws Exception {
        HttpGetHandler handler = handler(List.of("127.0.0.1"), true);

        assertThat(handler.get(new HttpGetHandler.Get(base + "/hello")))
                .isEqualTo(new HttpGetHandler.Fetched(200, BODY.length));
        assertThat(handler.get(new HttpGetHandler.Get(base + "/missing")).status()).isEqualTo(404);
    }

    @Test
    void followsRedirectsAndChecksEveryTarget() throws Exception {
        HttpGetHandler handler = handler(List.of("127.0.0.1", "10.0.0.1"), true);

        assertThat(handler.get(new HttpGetHandler.Get(base + "/moved")))
                .isEqualTo(new HttpGetHandler.Fetched(200, BODY.length));
        assertThatThrownBy(() -> handler.get(new HttpGetHandler.Get(base + "/away")))
                .isInstanceOf(NonRetryableTaskException.class).hasMessageContaining("10.0.0.1");
    }

    @Test
    void refusesLoopbackWithoutTheTestSwitchEvenWhenTheHostIsAllowed() {
        HttpGetHandler handler = handler(List.of("127.0.0.1", "localhost"), false);

        assertThatThrownBy(() -> handler.get(new HttpGetHandler.Get(base + "/hello")))
                .isInstanceOf(NonRetryableTaskException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> handler.get(new HttpGetHandler.Get(
                "http://localhost:" + server.getAddress().getPort() + "/hello")))
                .isInstanceOf(NonRetryableTaskException.class).hasMessageContaining("loopback");
    }

    @Test
    void refusesEveryHostWhenTheAllowListIsEmpty() {
        HttpGetHandler handler = handler(List.of(), true);

        assertThatThrownBy(() -> handler.get(new HttpGetHandler.Get(base + "/hello")))
                .isInstanceOf(NonRetryableTaskException.class).hasMessageContaining("allowed-hosts");
    }

    private static HttpGetHandler handler(List<String> allowedHosts, boolean allowLoopback) {
        return new HttpGetHandler(new HttpGetProperties(allowedHosts, allowLoopback, 5, Duration.ofSeconds(5)));
    }
}
