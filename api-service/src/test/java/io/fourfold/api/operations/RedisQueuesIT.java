package io.fourfold.api.operations;

import io.fourfold.api.LocalRedisApi;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue endpoints and the queue limit on the Redis backend. */
@ExtendWith(LocalRedisApi.class)
class RedisQueuesIT extends QueuesTest {

    private static final String KEY_PREFIX = LocalRedisApi.newPrefix();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        LocalRedisApi.properties(registry, KEY_PREFIX);
    }
}
