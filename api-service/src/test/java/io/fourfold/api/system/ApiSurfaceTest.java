package io.fourfold.api.system;

import static org.hamcrest.Matchers.containsString;

import io.fourfold.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The OpenAPI page and the Actuator endpoints on the management port. */
class ApiSurfaceTest extends ApiTestSupport {

    @Value("${local.management.port}")
    private int managementPort;

    @Test
    void theOpenApiDocumentDescribesTheTasksApi() {
        client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(containsString("/api/tasks/batch"))
                .value(containsString("/api/tasks/{id}/events"))
                .value(containsString("/api/task-types"))
                .value(containsString("Idempotency-Key"))
                .value(containsString("application/problem+json"));
        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void onlyHealthInfoAndPrometheusAreExposedAndProbesCheckNoBackend() {
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.livenessState").exists()
                .jsonPath("$.components.length()").isEqualTo(1);
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.readinessState").exists()
                .jsonPath("$.components.length()").isEqualTo(1);
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(containsString("http_server_requests"));
        management.get().uri("/actuator/info").exchange().expectStatus().isOk();
        management.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        client.get().uri("/actuator/health").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isNotFound();
    }
}
