package io.fourfold.transport.redis;

import io.fourfold.transport.FourfoldProperties;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.lettuce.core.ClientOptions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
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
     * Token buckets in Redis, so that a rate holds across replicas: the api's per-client rate limit, and the per-type
     * start rates workers take ({@link RedisTaskLimits}).
     */
    @Configuration(proxyBeanMethods = false)
    static class RateLimitBuckets {

        @Bean(destroyMethod = "close")
        RateLimitRedis fourfoldRateLimitRedis(LettuceConnectionFactory connections, RedisBackendProperties redis) {
            return RateLimitRedis.start(connections, new RedisKeys(redis.keyPrefix()));
        }

        @Bean
        ProxyManager<String> fourfoldRateLimitBuckets(RateLimitRedis redis) {
            return redis.buckets();
        }

        @Bean
        RedisTaskLimits redisTaskLimits(RedisTaskStore store, ProxyManager<String> fourfoldRateLimitBuckets) {
            return new RedisTaskLimits(store, fourfoldRateLimitBuckets);
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
