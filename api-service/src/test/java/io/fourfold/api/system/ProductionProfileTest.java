package io.fourfold.api.system;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The {@code prod} profile keeps the OpenAPI page private; the API itself stays behind its credentials. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("prod")
class ProductionProfileTest {

    @Autowired
    private WebTestClient client;

    @Test
    void theOpenApiPageIsOffAndTheApiNeedsCredentials() {
        client.get().uri("/v3/api-docs").exchange().expectStatus().isNotFound();
        client.get().uri("/swagger-ui.html").exchange().expectStatus().isNotFound();
        client.get().uri("/api/tasks").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
