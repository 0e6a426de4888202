package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class EventLoopSafeConnectionsTest {

    /** A factory whose connect waits until released, and fails while Redis is "down". */
    private static final class SlowFactory implements ReactiveRedisConnectionFactory {

        final CountDownLatch released = new CountDownLatch(1);
        final AtomicBoolean down = new AtomicBoolean();
        final CopyOnWriteArrayList<String> connectingThreads = new CopyOnWriteArrayList<>();

        @Override
        public ReactiveRedisConnection getReactiveConnection() {
            connectingThreads.add(Thread.currentThread().getName());
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            if (down.get()) {
                throw new RedisConnectionFailureException("Connection refused");
            }
            ReactiveRedisConnection connection = mock(ReactiveRedisConnection.class);
            when(connection.closeLater()).thenReturn(Mono.empty());
            return connection;
        }

        @Override
        public ReactiveRedisClusterConnection getReactiveClusterConnection() {
            throw new UnsupportedOperationException();
        }

        @Override
        public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException failure) {
            return null;
        }
    }

    private static Mono<ReactiveRedisConnection> onTheParallelScheduler(EventLoopSafeConnections connections) {
        return Mono.fromCallable(connections::getReactiveConnection).subscribeOn(Schedulers.parallel());
    }

    @Test
    void aNonBlockingCallerNeverWaitsForTheFirstConnect() {
        SlowFactory factory = new SlowFactory();
        EventLoopSafeConnections connections = new EventLoopSafeConnections(factory);

        assertThatThrownBy(() -> onTheParallelScheduler(connections).block(Duration.ofSeconds(10)))
                .isInstanceOf(RedisConnectionFailureException.class)
                .hasMessageContaining("not connected yet");
        await().atMost(Duration.ofSeconds(10)).until(() -> !factory.connectingThreads.isEmpty());
        assertThat(factory.connectingThreads).containsExactly("fourfold-redis-connect");

        factory.released.countDown();
        await().atMost(Duration.ofSeconds(10)).ignoreException(RedisConnectionFailureException.class).untilAsserted(() ->
                assertThat(onTheParallelScheduler(connections).block(Duration.ofSeconds(10))).isNotNull());
    }

    @Test
    void theReasonOfAFailedConnectIsPassedOn() {
        SlowFactory factory = new SlowFactory();
        factory.down.set(true);
        factory.released.countDown();
        EventLoopSafeConnections connections = new EventLoopSafeConnections(factory);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> onTheParallelScheduler(connections).block(Duration.ofSeconds(10)))
                        .hasMessageContaining("Connection refused"));
    }

    @Test
    void aCallerThatMayBlockConnectsItself() {
        SlowFactory factory = new SlowFactory();
        factory.released.countDown();
        EventLoopSafeConnections connections = new EventLoopSafeConnections(factory);

        assertThat(connections.getReactiveConnection()).isNotNull();
        assertThat(factory.connectingThreads).containsExactly(Thread.currentThread().getName());
    }
}
