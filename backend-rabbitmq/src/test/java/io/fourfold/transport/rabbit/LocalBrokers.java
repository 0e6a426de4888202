package io.fourfold.transport.rabbit;

import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.ClientOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;

/**
 * The brokers the integration tests run against: RabbitMQ at {@code RABBITMQ_HOST}/{@code RABBITMQ_PORT} as
 * {@code RABBITMQ_USERNAME}/{@code RABBITMQ_PASSWORD} (guest/guest by default) and the Redis store at
 * {@code REDIS_HOST}/{@code REDIS_PORT} (as {@code REDIS_USERNAME}/{@code REDIS_PASSWORD} when set), by default the
 * local ones. Tests skip when one cannot be reached, unless {@code -Dfourfold.require-brokers=true} makes that a
 * failure.
 */
final class LocalBrokers {

    static final String RABBIT_HOST = Objects.requireNonNullElse(System.getenv("RABBITMQ_HOST"), "127.0.0.1");
    static final int RABBIT_PORT = Integer.parseInt(Objects.requireNonNullElse(System.getenv("RABBITMQ_PORT"), "5672"));
    static final String RABBIT_USERNAME = Objects.requireNonNullElse(System.getenv("RABBITMQ_USERNAME"), "guest");
    static final String RABBIT_PASSWORD = Objects.requireNonNullElse(System.getenv("RABBITMQ_PASSWORD"), "guest");
    static final String REDIS_HOST = Objects.requireNonNullElse(System.getenv("REDIS_HOST"), "127.0.0.1");
    static final int REDIS_PORT = Integer.parseInt(Objects.requireNonNullElse(System.getenv("REDIS_PORT"), "6379"));
    static final String REDIS_USERNAME = Objects.requireNonNullElse(System.getenv("REDIS_USERNAME"), "");
    static final String REDIS_PASSWORD = Objects.requireNonNullElse(System.getenv("REDIS_PASSWORD"), "");

    private LocalBrokers() {
    }

    /** A connection factory with correlated confirms and returns, or the test is skipped (or failed). */
    static CachingConnectionFactory rabbit() {
        require("RabbitMQ", RABBIT_HOST, RABBIT_PORT, "RABBITMQ_HOST/RABBITMQ_PORT");
        return rabbit(RABBIT_HOST, RABBIT_PORT);
    }

    static CachingConnectionFactory rabbit(String host, int port) {
        CachingConnectionFactory connections = new CachingConnectionFactory(host, port);
        connections.setUsername(RABBIT_USERNAME);
        connections.setPassword(RABBIT_PASSWORD);
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        return connections;
    }

    static LettuceConnectionFactory redis() {
        require("Redis", REDIS_HOST, REDIS_PORT, "REDIS_HOST/REDIS_PORT");
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .clientOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .build())
                .build();
        RedisStandaloneConfiguration redis = new RedisStandaloneConfiguration(REDIS_HOST, REDIS_PORT);
        redis.setUsername(REDIS_USERNAME.isEmpty() ? null : REDIS_USERNAME);
        redis.setPassword(REDIS_PASSWORD);
        LettuceConnectionFactory connections = new LettuceConnectionFactory(redis, client);
        connections.afterPropertiesSet();
        connections.start();
        return connections;
    }

    /** Deletes every key under the prefix, found with SCAN: never a FLUSH on a shared Redis. */
    static void deleteKeys(LettuceConnectionFactory connections, String prefix) {
        ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connections);
        redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())
                .buffer(500)
                .concatMap(keys -> redis.unlink(keys.toArray(String[]::new)))
                .blockLast();
    }

    private static void require(String what, String host, int port, String variables) {
        if (reachable(host, port)) {
            return;
        }
        String message = what + " is not reachable at " + host + ":" + port + "; start one or point " + variables
                + " at one";
        if (Boolean.getBoolean("fourfold.require-brokers")) {
            fail(message + " (fourfold.require-brokers=true)");
        }
        Assumptions.abort(message + ". Skipping.");
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
