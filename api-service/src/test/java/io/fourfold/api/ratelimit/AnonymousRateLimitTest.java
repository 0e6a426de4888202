package io.fourfold.api.ratelimit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With auth off, as in standalone, the limit holds per client address. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "fourfold.api.security.enabled=false",
        "fourfold.api.rate-limit.capacity=2",
        "fourfold.api.rate-limit.refill=1",
        "fourfold.api.rate-limit.period=1h"})
@AutoConfigureWebTestClient
class AnonymousRateLimitTest {

    @Autowired
    private WebTestClient client;

    @Test
    void aClientAddressOverItsLimitGets429() {
        client.get().uri("/api/tasks").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Remaining", "1");
        client.get().uri("/api/task-types").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("RateLimit-Remaining", "0");
        client.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"type\": \"echo\"}")
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
