package io.fourfold.api.status;

import io.fourfold.api.LocalRedisApi;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dead-letter endpoints on the Redis backend. */
@ExtendWith(LocalRedisApi.class)
class RedisDeadLettersIT extends DeadLettersTest {

    private static final String KEY_PREFIX = LocalRedisApi.newPrefix();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        LocalRedisApi.properties(registry, KEY_PREFIX);
    }
}
