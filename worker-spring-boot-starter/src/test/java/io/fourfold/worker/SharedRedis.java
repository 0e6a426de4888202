package io.fourfold.worker;

import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis that worker integration tests share with everything else on the machine: {@code REDIS_HOST} and
 * {@code REDIS_PORT}, by default the local one. A test gives itself a key prefix of its own and deletes its keys
 * afterwards; it never flushes.
 */
public final class SharedRedis {

    public static final String HOST = Objects.requireNonNullElse(System.getenv("REDIS_HOST"), "127.0.0.1");
    public static final int PORT = Integer.parseInt(Objects.requireNonNullElse(System.getenv("REDIS_PORT"), "6379"));

    private SharedRedis() {
    }

    /** Skips the calling test class when Redis does not answer, or fails it with {@code fourfold.require-brokers}. */
    public static void requireReachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
        } catch (IOException unreachable) {
            String message = "Redis is not reachable at " + HOST + ":" + PORT;
            if (Boolean.getBoolean("fourfold.require-brokers")) {
                fail(message + " (fourfold.require-brokers=true)");
            }
            Assumptions.abort(message + "; skipping.");
        }
    }

    /** Deletes the keys under {@code prefix}, found with SCAN and removed with UNLINK. */
    public static void deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(RedisURI.create(HOST, PORT));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(prefix + "*")
                    .limit(1000)).stream().toList();
            if (!keys.isEmpty()) {
                connection.sync().unlink(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }
}
