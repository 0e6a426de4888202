package io.fourfold.client.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fourfold.client.FourfoldClient;
import io.fourfold.client.TaskType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The client bean a Boot application gets from {@code fourfold.client.*}. */
class FourfoldClientAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FourfoldClientAutoConfiguration.class));

    @Test
    void withoutABaseUrlThereIsNoClient() {
        context.run(started -> assertThat(started).doesNotHaveBean(FourfoldClient.class));
    }

    @Test
    void aBaseUrlAndAnApiKeyMakeAClientThatSendsTheKey() throws Exception {
        AtomicReference<String> apiKey = new AtomicReference<>();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/task-types", exchange -> {
            apiKey.set(exchange.getRequestHeaders().getFirst("X-API-Key"));
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try {
            context.withPropertyValues("fourfold.client.base-url=http://127.0.0.1:" + api.getAddress().getPort(),
                            "fourfold.client.api-key=k-42")
                    .run(started -> {
                        List<TaskType> types = started.getBean(FourfoldClient.class).blocking().taskTypes();
                        assertThat(types).isEmpty();
                        assertThat(apiKey).hasValue("k-42");
                    });
        } finally {
            api.stop(0);
        }
    }

    @Test
    void anApplicationsOwnClientWins() {
        FourfoldClient own = FourfoldClient.builder().baseUrl("http://elsewhere:8080").build();
        context.withPropertyValues("fourfold.client.base-url=http://localhost:8080")
                .withBean(FourfoldClient.class, () -> own)
                .run(started -> assertThat(started.getBean(FourfoldClient.class)).isSameAs(own));
    }
}
