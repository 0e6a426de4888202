package io.fourfold.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Api replicas on the Redis backend that a test starts itself, all under one key prefix (new per run): stopped after
 * the class, their keys deleted with SCAN (never a FLUSH). Without Redis the class is skipped, or fails under
 * {@code -Dfourfold.require-brokers=true}. Register it with
 * {@code @RegisterExtension static final ApiReplicas replicas = new ApiReplicas();}.
 */
public final class ApiReplicas implements BeforeAllCallback, AfterAllCallback {

    private final String prefix = LocalRedisApi.newPrefix();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    public String prefix() {
        return prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalRedisApi.requireRedis();
    }

    /** Starts a replica on the local Redis, with security off and {@code settings} ({@code --name=value}) on top. */
    public ConfigurableApplicationContext start(String... settings) {
        return start(LocalRedisApi.PORT, settings);
    }

    /** Starts a replica whose Redis is at {@code redisPort}, which may be a port nobody listens on. */
    public ConfigurableApplicationContext start(int redisPort, String... settings) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--fourfold.transport=redis",
                "--fourfold.redis.key-prefix=" + prefix,
                "--spring.data.redis.host=" + LocalRedisApi.HOST,
                "--spring.data.redis.port=" + redisPort,
                "--fourfold.api.security.enabled=false"));
        arguments.addAll(List.of(settings));
        ConfigurableApplicationContext replica = new SpringApplicationBuilder(ApiServiceApplication.class)
                .run(arguments.toArray(String[]::new));
        started.add(replica);
        return replica;
    }

    /** A client of {@code replica} over its real port. */
    public static WebTestClient client(ConfigurableApplicationContext replica) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        started.stream()
                .filter(replica -> Integer.toString(LocalRedisApi.PORT)
                        .equals(replica.getEnvironment().getProperty("spring.data.redis.port")))
                .findFirst()
                .ifPresent(replica -> LocalRedisApi.deleteKeys(
                        replica.getBean(ReactiveRedisConnectionFactory.class), prefix));
        started.forEach(ConfigurableApplicationContext::close);
    }
}
