package io.fourfold.api;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Runs an {@link ApiTestSupport} test class on the Redis backend ({@code REDIS_HOST}/{@code REDIS_PORT}, by default
 * the local one) under a key prefix of its own, deleted afterwards with SCAN (never a FLUSH). Without Redis the
 * class is skipped, or fails under {@code -Dfourfold.require-brokers=true}. A class registers it with
 * {@code @ExtendWith(LocalRedisApi.class)} and adds {@link #properties} in a {@code @DynamicPropertySource} method,
 * with a prefix from {@link #newPrefix()} kept in a static field. A test that starts api replicas itself does so
 * with {@link ApiReplicas} instead.
 */
public final class LocalRedisApi implements BeforeAllCallback, AfterAllCallback {

    public static final String HOST = Objects.requireNonNullElse(System.getenv("REDIS_HOST"), "127.0.0.1");
    public static final int PORT = Integer.parseInt(Objects.requireNonNullElse(System.getenv("REDIS_PORT"), "6379"));

    public static String newPrefix() {
        return "fourfold-test-" + UUID.randomUUID() + ":";
    }

    public static void properties(DynamicPropertyRegistry registry, String keyPrefix) {
        registry.add("fourfold.transport", () -> "redis");
        registry.add("spring.data.redis.host", () -> HOST);
        registry.add("spring.data.redis.port", () -> PORT);
        registry.add("fourfold.redis.key-prefix", () -> keyPrefix);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        requireRedis();
    }

    /**
     * Aborts the calling test class when Redis cannot be reached, or fails it under
     * {@code -Dfourfold.require-brokers=true}.
     */
    public static void requireRedis() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
        } catch (IOException unreachable) {
            String message = "Redis is not reachable at " + HOST + ":" + PORT
                    + "; start one or point REDIS_HOST/REDIS_PORT at one";
            if (Boolean.getBoolean("fourfold.require-brokers")) {
                fail(message + " (fourfold.require-brokers=true)");
            }
            Assumptions.abort(message + ". Skipping.");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ApplicationContext application = SpringExtension.getApplicationContext(context);
        String prefix = application.getEnvironment().getRequiredProperty("fourfold.redis.key-prefix");
        deleteKeys(application.getBean(ReactiveRedisConnectionFactory.class), prefix);
    }

    /** Deletes every key under the prefix, found with SCAN: never a FLUSH on a shared Redis. */
    public static void deleteKeys(ReactiveRedisConnectionFactory connections, String prefix) {
        ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connections);
        redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())
                .buffer(500)
                .concatMap(keys -> redis.unlink(keys.toArray(String[]::new)))
                .blockLast(Duration.ofSeconds(30));
    }
}
