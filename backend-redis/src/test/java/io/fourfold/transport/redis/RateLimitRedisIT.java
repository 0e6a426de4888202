package io.fourfold.transport.redis;

import static io.fourfold.transport.redis.RedisConnectionSettings.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The api's rate-limit buckets in Redis: shared by every process on the same Redis and key prefix, expiring once
 * full and idle, failing at once (for the api to let the call through) while Redis is away, and back after it.
 */
class RateLimitRedisIT {

    @RegisterExtension
    static final LocalRedis redis = new LocalRedis();

    @Test
    void twoProcessesShareABucketUnderTheKeyPrefixThatExpires() {
        ApplicationContextRunner replica = RedisConnectionSettings.localRunner(redis.prefix());
        replica.run(first -> replica.run(second -> {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> take(buckets(first), "caller:alice", 3).isConsumed());
            assertThat(take(buckets(second), "caller:alice", 3).getRemainingTokens()).isEqualTo(1);
            assertThat(take(buckets(first), "caller:alice", 3).getRemainingTokens()).isZero();
            assertThat(take(buckets(second), "caller:alice", 3).isConsumed()).isFalse();
            assertThat(take(buckets(second), "caller:bob", 3).getRemainingTokens()).as("another client").isEqualTo(2);

            ReactiveStringRedisTemplate keys = new ReactiveStringRedisTemplate(redis.connections());
            assertThat(keys.getExpire(redis.prefix() + "rate-limit:caller:alice").block(Duration.ofSeconds(30)))
                    .isPositive().isLessThanOrEqualTo(Duration.ofHours(3).plusSeconds(10));
        }));
    }

    @Test
    void whileRedisIsDownATakeFailsAtOnceAndWorksAgainAfter() throws Exception {
        try (PrivateRedis down = PrivateRedis.start("--save", "")) {
            down.kill();
            RedisConnectionSettings.runner("fourfold:")
                    .withPropertyValues("spring.data.redis.port=" + down.port())
                    .run(context -> {
                        ProxyManager<String> buckets = buckets(context);
                        assertThatThrownBy(() -> take(buckets, "caller:alice", 3))
                                .as("a process that started while Redis was down")
                                .isInstanceOfAny(ExecutionException.class, RedisException.class);

                        down.start();
                        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                                .until(() -> take(buckets, "caller:alice", 3).isConsumed());

                        down.kill();
                        assertThatThrownBy(() -> take(buckets, "caller:alice", 3))
                                .as("a process whose connection broke")
                                .isInstanceOfAny(ExecutionException.class, RedisException.class);

                        down.start();
                        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                                .until(() -> take(buckets, "caller:alice", 3).isConsumed());
                    });
        }
    }

    @SuppressWarnings("unchecked")
    static ProxyManager<String> buckets(ApplicationContext context) {
        return (ProxyManager<String>) context.getBeanProvider(
                ResolvableType.forClassWithGenerics(ProxyManager.class, String.class)).getObject();
    }
}
