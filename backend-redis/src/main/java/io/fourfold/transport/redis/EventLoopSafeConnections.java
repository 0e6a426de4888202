package io.fourfold.transport.redis;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the first connect off the event loop. Spring Data's Lettuce factory opens its shared connection on first
 * use and waits for it, and while Redis is down it tries again, and waits again, on every call: on a Netty thread
 * that stalls every request the thread serves (BlockHound caught it in the api tests). Here a caller on a
 * non-blocking thread never waits: until the shared connection exists, it gets a connection failure at once (a 503
 * in the api) and the connect goes on in a virtual thread; callers that may block (virtual threads, bounded-elastic)
 * connect as before. Once connected, Lettuce keeps the connection and reconnects it by itself.
 */
final class EventLoopSafeConnections implements ReactiveRedisConnectionFactory {

    private static final Logger log = LoggerFactory.getLogger(EventLoopSafeConnections.class);

    private final ReactiveRedisConnectionFactory delegate;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile boolean connected;
    private volatile @Nullable String lastFailure;

    EventLoopSafeConnections(ReactiveRedisConnectionFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public ReactiveRedisConnection getReactiveConnection() {
        if (connected || !onNonBlockingThread()) {
            return connected(delegate.getReactiveConnection());
        }
        connectInBackground();
        String cause = lastFailure;
        throw new RedisConnectionFailureException("Redis is not connected yet"
                + (cause == null ? "; connecting" : "; the last attempt failed: " + cause));
    }

    @Override
    public ReactiveRedisClusterConnection getReactiveClusterConnection() {
        return delegate.getReactiveClusterConnection();
    }

    @Override
    public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException failure) {
        return delegate.translateExceptionIfPossible(failure);
    }

    private ReactiveRedisConnection connected(ReactiveRedisConnection connection) {
        if (!connected) {
            connected = true;
            lastFailure = null;
        }
        return connection;
    }

    private void connectInBackground() {
        if (!connecting.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("fourfold-redis-connect").start(() -> {
            try {
                connected(delegate.getReactiveConnection()).closeLater().subscribe();
            } catch (RuntimeException failure) {
                lastFailure = failure.getMessage();
                log.debug("Connecting to Redis failed; the next call tries again", failure);
            } finally {
                connecting.set(false);
            }
        });
    }

    /** Reactor's non-blocking schedulers, and Netty event loops (Reactor Netty's and Lettuce's). */
    private static boolean onNonBlockingThread() {
        return Schedulers.isInNonBlockingThread() || Thread.currentThread() instanceof FastThreadLocalThread;
    }
}
