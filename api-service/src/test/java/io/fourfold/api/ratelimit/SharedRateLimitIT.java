package io.fourfold.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ApiReplicas;
import io.fourfold.api.LocalRedisApi;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two api replicas ({@code fourfold.transport=redis}) on one Redis share each client's bucket: what one replica
 * let through counts on the other. The buckets are keys under the replicas' key prefix (a new one per run), with an
 * expiry. With Redis unreachable the limiter fails open, and the call meets the store's own {@code 503}.
 */
class SharedRateLimitIT {

    @RegisterExtension
    static final ApiReplicas replicas = new ApiReplicas();

    @Test
    void twoReplicasShareEachClientsBudget() {
        ConfigurableApplicationContext one = replica(LocalRedisApi.PORT);
        WebTestClient first = ApiReplicas.client(one);
        WebTestClient second = ApiReplicas.client(replica(LocalRedisApi.PORT));

        first.get().uri("/api/tasks").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Remaining", "2");
        second.get().uri("/api/tasks").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Remaining", "1");
        first.get().uri("/api/tasks").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Remaining", "0");
        second.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"type\": \"echo\"}")
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("RateLimit-Limit", "3")
                .expectHeader().valueEquals("RateLimit-Remaining", "0")
                .expectHeader().value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Long.parseLong(seconds))
                        .isPositive().isLessThanOrEqualTo(3600));

        ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(
                one.getBean(ReactiveRedisConnectionFactory.class));
        String bucket = replicas.prefix() + "rate-limit:address:127.0.0.1";
        assertThat(redis.hasKey(bucket).block(Duration.ofSeconds(30))).as("the bucket %s", bucket).isTrue();
        assertThat(redis.getExpire(bucket).block(Duration.ofSeconds(30)))
                .as("an idle bucket expires once it would be full again")
                .isPositive().isLessThanOrEqualTo(Duration.ofHours(3).plusSeconds(10));
    }

    @Test
    void withRedisUnreachableTheLimiterLetsCallsThroughToTheStoresOwn503() throws IOException {
        WebTestClient down = ApiReplicas.client(replica(closedPort()));

        for (int call = 0; call < 5; call++) {
            down.get().uri("/api/tasks").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectHeader().doesNotExist("RateLimit-Limit");
        }
    }

    /** An api replica on the Redis backend: anonymous callers, three calls, then one an hour. */
    private static ConfigurableApplicationContext replica(int redisPort) {
        return replicas.start(redisPort,
                "--fourfold.api.rate-limit.capacity=3",
                "--fourfold.api.rate-limit.refill=1",
                "--fourfold.api.rate-limit.period=1h",
                "--fourfold.api.rate-limit.timeout=30s");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
