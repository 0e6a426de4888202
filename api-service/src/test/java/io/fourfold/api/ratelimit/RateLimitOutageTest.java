package io.fourfold.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A shared limiter that cannot answer (here a Redis-backed one that is not connected) fails open: calls go through
 * without rate-limit headers, and the outage is logged once, not once per call.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fourfold.api.security.enabled=false",
        "fourfold.api.rate-limit.capacity=1",
        "fourfold.api.rate-limit.refill=1",
        "fourfold.api.rate-limit.period=1h"})
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class RateLimitOutageTest {

    @Autowired
    private WebTestClient client;

    @Test
    void callsGoThroughUnlimitedWhileTheLimiterIsDown(CapturedOutput output) {
        for (int call = 0; call < 3; call++) {
            client.get().uri("/api/tasks").exchange().expectStatus().isOk()
                    .expectHeader().doesNotExist("RateLimit-Limit");
        }
        assertThat(output.getAll().split("The rate limiter cannot answer", -1)).hasSize(2);
        assertThat(output.getAll()).contains("Redis is down in this test");
    }

    @TestConfiguration
    static class UnreachableRedis {

        @Bean
        ProxyManager<String> unreachableBuckets() {
            return new Bucket4jLettuce.LettuceBasedProxyManagerBuilder<>(new RedisApi<String>() {
                @Override
                public <V> RedisFuture<V> eval(String script, ScriptOutputType type, String[] keys, byte[]... args) {
                    throw down();
                }

                @Override
                public RedisFuture<byte[]> get(String key) {
                    throw down();
                }

                @Override
                public RedisFuture<?> delete(String key) {
                    throw down();
                }
            }).build();
        }

        private static RedisConnectionException down() {
            return new RedisConnectionException("Redis is down in this test");
        }
    }
}
