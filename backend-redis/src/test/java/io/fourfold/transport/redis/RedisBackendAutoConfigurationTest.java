package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fourfold.limit.TaskLimits;
import io.fourfold.schedule.TaskSchedules;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The backend is chosen by property, and a context starts while Redis is down; requests then get a 503. Where
 * Bucket4j's Lettuce module is present (the api) the store also holds the rate-limit buckets.
 */
class RedisBackendAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                    DataRedisReactiveAutoConfiguration.class, RedisStoreAutoConfiguration.class,
                    RedisBackendAutoConfiguration.class));

    @Test
    void redisGivesTheStreamTransportAndTheStoreAndStartsWithoutRedis() throws IOException {
        runner.withPropertyValues("fourfold.transport=redis", "spring.data.redis.port=" + closedPort())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(TaskTransport.class).hasSingleBean(TaskStore.class)
                            .hasSingleBean(TaskQueues.class).hasSingleBean(TaskSchedules.class);
                    NewTask task = new NewTask(TaskIds.next(), "echo", "default", 0, JsonNodeFactory.instance.nullNode(),
                            null, 3, Duration.ofMinutes(1), null, null);

                    assertThatThrownBy(() -> context.getBean(TaskTransport.class)
                            .submit(new SubmitRequest(List.of(task), null)).block(Duration.ofSeconds(30)))
                            .isInstanceOfSatisfying(BackendUnavailableException.class,
                                    unavailable -> assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
                });
    }

    @Test
    void rabbitmqKeepsItsStateInTheRedisStore() throws IOException {
        runner.withPropertyValues("fourfold.transport=rabbitmq", "spring.data.redis.port=" + closedPort())
                .run(context -> assertThat(context).hasSingleBean(RedisTaskStore.class)
                        .hasSingleBean(TaskSchedules.class)
                        .doesNotHaveBean(TaskTransport.class).doesNotHaveBean(TaskQueues.class));
    }

    @Test
    void bothBrokerModesGetTheSharedBucketsAndTheTaskLimitsInRedis() throws IOException {
        for (String transport : new String[] {"redis", "rabbitmq"}) {
            runner.withPropertyValues("fourfold.transport=" + transport, "spring.data.redis.port=" + closedPort())
                    .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ProxyManager.class)
                            .hasSingleBean(TaskLimits.class).hasSingleBean(TaskStore.class));
        }
    }

    @Test
    void redisClusterFailsTheStartWithAReason() throws IOException {
        runner.withPropertyValues("fourfold.transport=redis", "spring.data.redis.cluster.nodes=127.0.0.1:" + closedPort())
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("not Redis Cluster"));
    }

    @Test
    void theMemoryBackendGetsNothingFromHere() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TaskStore.class).doesNotHaveBean(TaskTransport.class)
                .doesNotHaveBean(TaskQueues.class));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
