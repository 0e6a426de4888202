package io.fourfold.transport.redis;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Where the api's rate-limit buckets live in Redis, for Bucket4j's Lettuce proxy manager: every key under
 * {@code P rate-limit:}, on a Lettuce connection of its own that comes from the client Boot configured (so with the
 * same credentials, TLS and client options as the store).
 *
 * <p>The connection is made in the background, never on the caller's thread: connecting blocks. Until it is up, a
 * call fails at once with a {@link RedisConnectionException} and asks for another attempt (at most one a second);
 * once up, Lettuce reconnects by itself and, while Redis is away, rejects commands at once. Either way the caller
 * sees a failure straight away and decides what a limiter outage means (the api lets the call through).
 *
 * <p>Its keys are typed {@code Object}: Bucket4j hands the keys of a script over in an {@code Object[]} whatever its
 * key type, so a {@code String[]} parameter would fail its cast. The keys are the api's client names.
 */
final class RateLimitRedis implements RedisApi<Object>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RateLimitRedis.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(10);

    private final Supplier<StatefulRedisConnection<String, byte[]>> connect;
    private final String prefix;
    private @Nullable StatefulRedisConnection<String, byte[]> connection;
    private boolean connecting;
    private boolean closed;
    private long nextAttempt = System.nanoTime();

    private RateLimitRedis(Supplier<StatefulRedisConnection<String, byte[]>> connect, String prefix) {
        this.connect = connect;
        this.prefix = prefix;
    }

    /** Buckets under {@code keys}' prefix on a connection of the factory's client, which it starts making now. */
    static RateLimitRedis start(LettuceConnectionFactory connections, RedisKeys keys) {
        if (!(connections.getRequiredNativeClient() instanceof RedisClient client)) {
            throw new IllegalStateException("The Redis store needs standalone or Sentinel Redis, not Redis Cluster");
        }
        RateLimitRedis redis = new RateLimitRedis(() -> client.connect(CODEC), keys.rateLimitPrefix());
        redis.commandsOrConnect();
        return redis;
    }

    /**
     * Bucket4j's proxy manager on these buckets; a bucket left idle once it is full again expires after
     * {@link #KEEP_AFTER_FULL}. It takes any key, so it serves {@code String} keys as well.
     */
    @SuppressWarnings("unchecked")
    ProxyManager<String> buckets() {
        ProxyManager<?> buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(this)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                .build();
        return (ProxyManager<String>) buckets;
    }

    @Override
    public <V> RedisFuture<V> eval(String script, ScriptOutputType scriptOutputType, Object[] keys, byte[]... args) {
        return commands().eval(script, scriptOutputType, Arrays.stream(keys).map(this::key).toArray(String[]::new),
                args);
    }

    @Override
    public RedisFuture<byte[]> get(Object key) {
        return commands().get(key(key));
    }

    @Override
    public RedisFuture<?> delete(Object key) {
        return commands().del(key(key));
    }

    private String key(Object bucket) {
        return prefix + bucket;
    }

    private RedisAsyncCommands<String, byte[]> commands() {
        RedisAsyncCommands<String, byte[]> commands = commandsOrConnect();
        if (commands == null) {
            throw new RedisConnectionException("Not connected to Redis (yet) for the rate-limit buckets");
        }
        return commands;
    }

    /** The connected commands, or {@code null} after starting an attempt to connect if none is under way. */
    private synchronized @Nullable RedisAsyncCommands<String, byte[]> commandsOrConnect() {
        if (connection != null) {
            return connection.async();
        }
        if (!connecting && !closed && System.nanoTime() - nextAttempt >= 0) {
            connecting = true;
            Thread.ofVirtual().name("fourfold-rate-limit-connect").start(this::connect);
        }
        return null;
    }

    private void connect() {
        StatefulRedisConnection<String, byte[]> made = null;
        try {
            made = connect.get();
        } catch (RuntimeException failure) {
            log.debug("Could not connect to Redis for the rate-limit buckets; trying again on a later call", failure);
        }
        synchronized (this) {
            connecting = false;
            nextAttempt = System.nanoTime() + RETRY_NANOS;
            if (made != null && closed) {
                made.close();
            } else {
                connection = made;
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
