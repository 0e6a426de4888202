package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@ExtendWith(OutputCaptureExtension.class)
class RedisDurabilityCheckIT {

    @Test
    void anEvictingRedisThatPersistsNothingIsWarnedAboutAtStartup(CapturedOutput output) throws Exception {
        try (PrivateRedis redis = PrivateRedis.start("--maxmemory-policy", "allkeys-lru", "--appendonly", "no",
                "--save", "")) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                            DataRedisReactiveAutoConfiguration.class, RedisStoreAutoConfiguration.class,
                            RedisBackendAutoConfiguration.class))
                    .withPropertyValues("fourfold.transport=redis", "spring.data.redis.port=" + redis.port())
                    .run(context -> await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output)
                            .contains("maxmemory-policy is 'allkeys-lru'")
                            .contains("Redis persists nothing")));
        }
    }

    @Test
    void aRedisThatKeepsEverythingGetsNoWarning() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start("--maxmemory-policy", "noeviction", "--appendonly", "yes",
                "--save", "")) {
            LettuceConnectionFactory connections = LocalRedis.connect("127.0.0.1", redis.port());
            try {
                RedisDurabilityCheck check = new RedisDurabilityCheck(new ReactiveStringRedisTemplate(connections));
                assertThat(check.warnings().block()).isEmpty();
            } finally {
                connections.destroy();
            }
        }
    }
}
