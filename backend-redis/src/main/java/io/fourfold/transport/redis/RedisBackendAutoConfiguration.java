package io.fourfold.transport.redis;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/** The Redis Streams transport, chosen by {@code fourfold.transport=redis}, on the Redis store. */
@AutoConfiguration(after = RedisStoreAutoConfiguration.class)
@ConditionalOnProperty(name = "fourfold.transport", havingValue = "redis")
public class RedisBackendAutoConfiguration {

    @Bean(destroyMethod = "close")
    RedisStreamTransport redisStreamTransport(RedisTaskStore store) {
        return new RedisStreamTransport(store);
    }

    @Bean
    RedisTaskQueues redisTaskQueues(RedisTaskStore store) {
        return RedisTaskQueues.forStreams(store);
    }
}
