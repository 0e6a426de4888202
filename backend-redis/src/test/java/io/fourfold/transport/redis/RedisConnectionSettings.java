package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The Redis backend as an application gets it, from Boot's {@code spring.data.redis.*} and {@code spring.ssl.*}
 * settings, and what tests do with it: submit and read back a task, take from a rate-limit bucket.
 */
final class RedisConnectionSettings {

    private RedisConnectionSettings() {
    }

    /** {@code fourfold.transport=redis} with the store, the transport and the rate-limit buckets. */
    static ApplicationContextRunner runner(String keyPrefix) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        DataRedisReactiveAutoConfiguration.class, RedisStoreAutoConfiguration.class,
                        RedisBackendAutoConfiguration.class))
                .withPropertyValues("fourfold.transport=redis", "fourfold.redis.key-prefix=" + keyPrefix);
    }

    /** {@link #runner} on the Redis the integration tests use ({@link LocalRedis}). */
    static ApplicationContextRunner localRunner(String keyPrefix) {
        return runner(keyPrefix).withPropertyValues("spring.data.redis.host=" + LocalRedis.HOST,
                "spring.data.redis.port=" + LocalRedis.PORT,
                "spring.data.redis.username=" + Objects.requireNonNullElse(LocalRedis.USERNAME, ""),
                "spring.data.redis.password=" + Objects.requireNonNullElse(LocalRedis.PASSWORD, ""));
    }

    /** Submits a task through the context's transport and reads it back from its store. */
    static void submitAndReadBack(ApplicationContext context) {
        NewTask task = new NewTask(TaskIds.next(), "echo", "default", 0, JsonNodeFactory.instance.objectNode(), null,
                3, Duration.ofMinutes(1), null, null);
        context.getBean(TaskTransport.class).submit(new SubmitRequest(List.of(task), null))
                .block(Duration.ofSeconds(30));
        assertThat(context.getBean(TaskStore.class).find(task.id()).block(Duration.ofSeconds(30)))
                .satisfies(record -> assertThat(record.id()).isEqualTo(task.id()));
    }

    /** One token from {@code client}'s bucket (capacity {@code capacity}, refilled one an hour). */
    static ConsumptionProbe take(ProxyManager<String> buckets, String client, long capacity) throws Exception {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder().capacity(capacity).refillGreedy(1, Duration.ofHours(1)).build())
                .build();
        return buckets.asAsync().builder().build(client, () -> CompletableFuture.completedFuture(configuration))
                .tryConsumeAndReturnRemaining(1)
                .get(30, TimeUnit.SECONDS);
    }
}
