package io.fourfold.transport.redis;

import io.fourfold.transport.FourfoldProperties;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis state store, kept in Redis in both broker modes ({@code fourfold.transport=redis} and {@code rabbitmq}),
 * on Boot's {@code spring.data.redis.*} connection, with the schedules and workflows; in the api also the buckets of its per-client rate limit.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@Conditional(RedisStoreAutoConfiguration.OnBrokerTransport.class)
@EnableConfigurationProperties({FourfoldProperties.class, RedisBackendProperties.class})
public class RedisStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    RedisTaskStore redisTaskStore(ReactiveRedisConnectionFactory connections, RedisBackendProperties redis,
            FourfoldProperties fourfold) {
        return RedisTaskStore.create(connections, redis, fourfold.store());
    }

    /** Schedules need only the store, so both broker modes keep them here. */
    @Bean
    RedisTaskSchedules redisTaskSchedules(RedisTaskStore store) {
        return new RedisTaskSchedules(store);
    }

    /** Workflows need only the store too. */
    @Bean
    RedisTaskWorkflows redisTaskWorkflows(RedisTaskStore store) {
        return new RedisTaskWorkflows(store);
    }

    @Bean
    RedisDurabilityCheck redisDurabilityCheck(RedisTaskStore store) {
        return new RedisDurabilityCheck(store.redis());
    }

    /**
     * While Redis is unreachable, commands fail at once instead of queueing until their timeout, so a submit is
     * answered with a 503 and a Retry-After rather than hanging.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer fourfoldRejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /**
     * The api's per-client rate-limit buckets in Redis, so that the limit holds across api replicas. Only where
     * Bucket4j's Lettuce module is on the classpath: the api has it, workers do not.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Bucket4jLettuce.class)
    static class RateLimitBuckets {

        /** Buckets left idle this long after they are full again expire from Redis. */
        private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(10);

        @Bean(destroyMethod = "close")
        RateLimitRedis fourfoldRateLimitRedis(LettuceConnectionFactory connections, RedisBackendProperties redis) {
            if (!(connections.getRequiredNativeClient() instanceof RedisClient client)) {
                throw new IllegalStateException(
                        "The Redis store needs standalone or Sentinel Redis, not Redis Cluster");
            }
            return RateLimitRedis.start(client, new RedisKeys(redis.keyPrefix()));
        }

        /** Buckets by client name: a manager that takes any key serves {@code String} keys as well. */
        @Bean
        @SuppressWarnings("unchecked")
        ProxyManager<String> fourfoldRateLimitBuckets(RateLimitRedis redis) {
            ProxyManager<?> buckets = new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(redis)
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                    .build();
            return (ProxyManager<String>) buckets;
        }
    }

    static final class OnBrokerTransport extends AnyNestedCondition {

        OnBrokerTransport() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = "fourfold.transport", havingValue = "redis")
        static final class Redis {
        }

        @ConditionalOnProperty(name = "fourfold.transport", havingValue = "rabbitmq")
        static final class RabbitMq {
        }
    }
}
