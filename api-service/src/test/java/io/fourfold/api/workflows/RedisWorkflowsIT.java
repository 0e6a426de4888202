package io.fourfold.api.workflows;

import io.fourfold.api.LocalRedisApi;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The workflow endpoints and the sweep on the Redis backend. */
@ExtendWith(LocalRedisApi.class)
class RedisWorkflowsIT extends WorkflowsTest {

    private static final String KEY_PREFIX = LocalRedisApi.newPrefix();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        LocalRedisApi.properties(registry, KEY_PREFIX);
    }
}
