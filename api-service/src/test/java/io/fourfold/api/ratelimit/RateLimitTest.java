package io.fourfold.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A tight limit (3 calls, then one an hour) with two callers, and CORS switched on for one origin. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fourfold.api.rate-limit.capacity=3",
        "fourfold.api.rate-limit.refill=1",
        "fourfold.api.rate-limit.period=1h",
        "fourfold.api.cors.allowed-origins=https://ops.example.com"})
@AutoConfigureWebTestClient
class RateLimitTest {

    @Autowired
    private WebTestClient client;

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry registry) {
        String[] callers = {"first", "second", "third"};
        for (int i = 0; i < callers.length; i++) {
            String name = callers[i];
            registry.add("fourfold.api.security.api-keys[" + i + "].name", () -> name);
            registry.add("fourfold.api.security.api-keys[" + i + "].role", () -> "read");
            registry.add("fourfold.api.security.api-keys[" + i + "].sha256", () -> sha256(name + "-key"));
        }
    }

    @Test
    void aClientOverItsLimitGets429WithRetryAfterAndRateLimitHeaders() {
        for (int remaining = 2; remaining >= 0; remaining--) {
            list("first-key").expectStatus().isOk()
                    .expectHeader().valueEquals("RateLimit-Limit", "3")
                    .expectHeader().valueEquals("RateLimit-Remaining", Integer.toString(remaining))
                    .expectHeader().exists("RateLimit-Reset");
        }
        list("first-key").expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("RateLimit-Remaining", "0")
                .expectHeader().value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Long.parseLong(seconds))
                        .isPositive().isLessThanOrEqualTo(3600))
                .expectBody()
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.type").isEqualTo("/problems/rate-limited")
                .jsonPath("$.detail").isNotEmpty();
        // Another caller has its own bucket.
        list("second-key").expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "2");
    }

    @Test
    void onlyTheApiIsLimited() {
        // springdoc builds the document on the first call, which takes seconds on a busy machine.
        WebTestClient patient = client.mutate().responseTimeout(Duration.ofMinutes(1)).build();
        for (int i = 0; i < 5; i++) {
            patient.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                    .expectHeader().doesNotExist("RateLimit-Limit");
        }
    }

    @Test
    void aConfiguredOriginMayCallTheApiFromABrowser() {
        client.options().uri("/api/tasks")
                .header(HttpHeaders.ORIGIN, "https://ops.example.com")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "X-API-Key, Content-Type")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://ops.example.com");
        client.get().uri("/api/tasks").header(HttpHeaders.ORIGIN, "https://ops.example.com")
                .header("X-API-Key", "third-key").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://ops.example.com")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        exposed -> assertThat(exposed).contains("Retry-After"));
        client.options().uri("/api/tasks")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    private WebTestClient.ResponseSpec list(String apiKey) {
        return client.get().uri("/api/tasks").header("X-API-Key", apiKey).exchange();
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
