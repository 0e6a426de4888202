package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.fail;

import io.fourfold.transport.FourfoldProperties;
import io.lettuce.core.ClientOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

/**
 * The Redis the integration tests run against: {@code REDIS_HOST}/{@code REDIS_PORT}, by default the local one, as
 * {@code REDIS_USERNAME}/{@code REDIS_PASSWORD} when those are set.
 * Registered as a static extension, it connects before a test class's tests, which skip when Redis cannot be reached
 * (unless {@code -Dfourfold.require-brokers=true} makes that a failure), gives the class a key prefix of its own and
 * deletes the keys under it afterwards.
 */
final class LocalRedis implements BeforeAllCallback, AfterAllCallback {

    static final String HOST = Objects.requireNonNullElse(System.getenv("REDIS_HOST"), "127.0.0.1");
    static final int PORT = Integer.parseInt(Objects.requireNonNullElse(System.getenv("REDIS_PORT"), "6379"));
    static final @Nullable String USERNAME = System.getenv("REDIS_USERNAME");
    static final @Nullable String PASSWORD = System.getenv("REDIS_PASSWORD");

    private final String prefix = "fourfold-test-" + UUID.randomUUID() + ":";
    private @Nullable LettuceConnectionFactory connections;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (nested(context)) {
            return;
        }
        if (!reachable(HOST, PORT)) {
            String message = "Redis is not reachable at " + HOST + ":" + PORT
                    + "; start one or point REDIS_HOST/REDIS_PORT at one";
            if (Boolean.getBoolean("fourfold.require-brokers")) {
                fail(message + " (fourfold.require-brokers=true)");
            }
            Assumptions.abort(message + ". Skipping.");
        }
        RedisStandaloneConfiguration shared = new RedisStandaloneConfiguration(HOST, PORT);
        shared.setUsername(USERNAME);
        shared.setPassword(PASSWORD);
        connections = connect(shared);
    }

    /** Deletes every key under the prefix, found with SCAN: never a FLUSH on a shared Redis. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (connections == null || nested(context)) {
            return;
        }
        ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connections);
        redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())
                .buffer(500)
                .concatMap(keys -> redis.unlink(keys.toArray(String[]::new)))
                .blockLast();
        connections.destroy();
    }

    /** A {@code @Nested} class shares the connection and the key prefix of the class around it. */
    private static boolean nested(ExtensionContext context) {
        return context.getParent().flatMap(ExtensionContext::getTestClass).isPresent();
    }

    /** The started connection factory, from before the first test to after the last. */
    LettuceConnectionFactory connections() {
        return Objects.requireNonNull(connections, "LocalRedis connects only as a static @RegisterExtension field");
    }

    /** A store under this class's key prefix that keeps finished tasks 24 hours and dead letters 7 days. */
    RedisTaskStore store() {
        return RedisTaskStore.create(connections(), RedisBackendProperties.withKeyPrefix(prefix),
                new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofDays(7)));
    }

    /** The key prefix of this test class: every key it writes starts with it. */
    String prefix() {
        return prefix;
    }

    static LettuceConnectionFactory connect(String host, int port) {
        return connect(new RedisStandaloneConfiguration(host, port));
    }

    private static LettuceConnectionFactory connect(RedisStandaloneConfiguration redis) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .build())
                .build();
        LettuceConnectionFactory connections = new LettuceConnectionFactory(redis, client);
        connections.afterPropertiesSet();
        connections.start();
        return connections;
    }

    static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException unreachable) {
            return false;
        }
    }
}
