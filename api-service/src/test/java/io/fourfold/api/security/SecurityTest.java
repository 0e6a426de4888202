package io.fourfold.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTypeInfo;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The api with auth on, as api-service runs by default: API keys of each role and JWTs signed by a key made
 * here (the decoder trusts only it; nothing is fetched from the network).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "fourfold.api.rate-limit.enabled=false")
@AutoConfigureWebTestClient
class SecurityTest {

    private static final String READER_KEY = "reader-" + UUID.randomUUID();
    private static final String ALICE_KEY = "alice-" + UUID.randomUUID();
    private static final String BOB_KEY = "bob-" + UUID.randomUUID();
    private static final String ADMIN_KEY = "admin-" + UUID.randomUUID();
    private static final KeyPair SIGNING_KEY = rsaKeyPair();
    private static final KeyPair STRANGER_KEY = rsaKeyPair();

    @Autowired
    private WebTestClient client;
    @Autowired
    private TaskStore store;
    @Value("${local.management.port}")
    private int managementPort;

    private String queue;

    @DynamicPropertySource
    static void apiKeys(DynamicPropertyRegistry registry) {
        String[][] keys = {{"reader", "read", READER_KEY}, {"alice", "submit", ALICE_KEY}, {"bob", "SUBMIT", BOB_KEY},
                {"root", "admin", ADMIN_KEY}};
        for (int i = 0; i < keys.length; i++) {
            String[] key = keys[i];
            registry.add("fourfold.api.security.api-keys[" + i + "].name", () -> key[0]);
            registry.add("fourfold.api.security.api-keys[" + i + "].role", () -> key[1]);
            registry.add("fourfold.api.security.api-keys[" + i + "].sha256", () -> sha256(key[2]));
        }
    }

    @BeforeEach
    void registerTypes() {
        queue = "q-" + UUID.randomUUID();
        store.registerTaskTypes(List.of(new TaskTypeInfo("echo", ExecutorKind.EVENT_LOOP, "default", 3,
                Duration.ofMinutes(5), JsonMapper.shared().readTree("{}")))).block();
    }

    @Test
    void withoutCredentialsEveryApiCallIs401WithAChallenge() {
        unauthorized(client.get().uri("/api/tasks").exchange())
                .jsonPath("$.detail").value(containsString("X-API-Key"));
        unauthorized(post(null, "/api/tasks", task()).exchange());
        unauthorized(client.post().uri("/api/tasks/{id}/cancel", "x").exchange());
        client.get().uri("/api/tasks").exchange().expectHeader()
                .values(HttpHeaders.WWW_AUTHENTICATE, challenges -> assertThat(String.join(",", challenges))
                        .contains("ApiKey").contains("Bearer"));
    }

    @Test
    void aWrongKeyIs401() {
        unauthorized(client.get().uri("/api/tasks").header("X-API-Key", "not-a-key").exchange())
                .jsonPath("$.detail").value(containsString("not valid"));
        unauthorized(client.get().uri("/api/tasks").header("X-API-Key", "").exchange());
        unauthorized(client.get().uri("/api/tasks").header("X-API-Key", ALICE_KEY.substring(1)).exchange());
    }

    @Test
    void aReadKeyReadsButCannotSubmitOrCancel() {
        client.get().uri("/api/tasks").header("X-API-Key", READER_KEY).exchange().expectStatus().isOk();
        client.get().uri("/api/task-types").header("X-API-Key", READER_KEY).exchange().expectStatus().isOk();
        String id = submitAs(ALICE_KEY);
        client.get().uri("/api/tasks/{id}", id).header("X-API-Key", READER_KEY).exchange().expectStatus().isOk();
        forbidden(post(READER_KEY, "/api/tasks", task()).exchange());
        forbidden(post(READER_KEY, "/api/tasks/batch", "[" + task() + "]").exchange());
        forbidden(client.post().uri("/api/tasks/{id}/cancel", id).header("X-API-Key", READER_KEY).exchange())
                .jsonPath("$.detail").value(containsString("reader"));
        assertThat(store.find(id).block().state().isTerminal()).isFalse();
    }

    @Test
    void aSubmitKeyCancelsItsOwnTasksOnly() {
        String alices = submitAs(ALICE_KEY);
        assertThat(store.find(alices).block().owner()).isEqualTo("alice");
        forbidden(client.post().uri("/api/tasks/{id}/cancel", alices).header("X-API-Key", BOB_KEY).exchange())
                .jsonPath("$.type").isEqualTo("/problems/forbidden");
        assertThat(store.find(alices).block().state().isTerminal()).isFalse();
        client.post().uri("/api/tasks/{id}/cancel", alices).header("X-API-Key", ALICE_KEY).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").isEqualTo("CANCELLED");
    }

    @Test
    void anAdminCancelsAnyTask() {
        String alices = submitAs(ALICE_KEY);
        client.post().uri("/api/tasks/{id}/cancel", alices).header("X-API-Key", ADMIN_KEY).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").isEqualTo("CANCELLED");
    }

    @Test
    void workflowsAreCreatedBySubmitKeysAndCancelledByTheirOwnerOrAnAdmin() {
        String body = "{\"kind\": \"BATCH\", \"tasks\": [" + task() + "]}";
        forbidden(post(READER_KEY, "/api/workflows", body).exchange());
        String alices = post(ALICE_KEY, "/api/workflows", body).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        assertThat(store.find(client.get().uri("/api/workflows/{id}", alices).header("X-API-Key", READER_KEY)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .at("/steps/0/taskId").asString()).block().owner()).isEqualTo("alice");

        forbidden(client.post().uri("/api/workflows/{id}/cancel", alices).header("X-API-Key", BOB_KEY).exchange())
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("another caller"));
        client.post().uri("/api/workflows/{id}/cancel", alices).header("X-API-Key", ALICE_KEY).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.state").isEqualTo("CANCELLED");
        String another = post(ALICE_KEY, "/api/workflows", body).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        client.post().uri("/api/workflows/{id}/cancel", another).header("X-API-Key", ADMIN_KEY).exchange()
                .expectStatus().isAccepted();
    }

    @Test
    void queueOperationsAndDeadLettersAreForAdmins() {
        String queueName = "ops-" + UUID.randomUUID();
        client.get().uri("/api/queues").header("X-API-Key", READER_KEY).exchange().expectStatus().isOk();
        client.get().uri("/api/dead-letters").header("X-API-Key", READER_KEY).exchange().expectStatus().isOk();
        unauthorized(client.post().uri("/api/queues/{name}/pause", queueName).exchange());
        forbidden(client.post().uri("/api/queues/{name}/pause", queueName).header("X-API-Key", READER_KEY).exchange());
        forbidden(client.post().uri("/api/queues/{name}/pause", queueName).header("X-API-Key", ALICE_KEY).exchange());
        String alices = submitAs(ALICE_KEY);
        forbidden(client.post().uri("/api/dead-letters/{id}/retry", alices).header("X-API-Key", ALICE_KEY).exchange());
        forbidden(client.delete().uri("/api/dead-letters/{id}", alices).header("X-API-Key", ALICE_KEY).exchange());

        client.post().uri("/api/queues/{name}/pause", queueName).header("X-API-Key", ADMIN_KEY).exchange()
                .expectStatus().isNoContent();
        client.post().uri("/api/queues/{name}/resume", queueName).header("X-API-Key", ADMIN_KEY).exchange()
                .expectStatus().isNoContent();
        client.delete().uri("/api/dead-letters/{id}", alices).header("X-API-Key", ADMIN_KEY).exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void schedulesAreReadByAnyRoleAndWrittenByAdmins() {
        String name = "security-" + UUID.randomUUID();
        String body = "{\"cron\": \"@yearly\", \"type\": \"echo\"}";
        unauthorized(client.get().uri("/api/schedules").exchange());
        for (String key : List.of(READER_KEY, ALICE_KEY)) {
            forbidden(client.put().uri("/api/schedules/{name}", name).header("X-API-Key", key)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange());
            forbidden(client.post().uri("/api/schedules/{name}/pause", name).header("X-API-Key", key).exchange());
            forbidden(client.post().uri("/api/schedules/{name}/resume", name).header("X-API-Key", key).exchange());
            forbidden(client.delete().uri("/api/schedules/{name}", name).header("X-API-Key", key).exchange());
        }

        client.put().uri("/api/schedules/{name}", name).header("X-API-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isCreated();
        client.get().uri("/api/schedules/{name}", name).header("X-API-Key", READER_KEY).exchange()
                .expectStatus().isOk();
        client.get().uri("/api/schedules").header("X-API-Key", READER_KEY).exchange().expectStatus().isOk();
        client.post().uri("/api/schedules/{name}/pause", name).header("X-API-Key", ADMIN_KEY).exchange()
                .expectStatus().isNoContent();
        client.delete().uri("/api/schedules/{name}", name).header("X-API-Key", ADMIN_KEY).exchange()
                .expectStatus().isNoContent();
    }

    @Test
    void idempotencyKeysAreScopedPerCaller() {
        String key = "same-key-" + queue;
        String alices = idempotentSubmit(ALICE_KEY, key).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        String bobs = idempotentSubmit(BOB_KEY, key).expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        assertThat(bobs).isNotEqualTo(alices);
        idempotentSubmit(ALICE_KEY, key).expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(alices);
    }

    @Test
    void aJwtWithARoleIsACallerNamedByItsSubject() {
        String token = jwt(SIGNING_KEY, Map.of("roles", List.of("submit")), Instant.now().plusSeconds(300));
        JsonNode view = client.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.setBearerAuth(token)).bodyValue(task()).exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(store.find(view.get("id").asString()).block().owner()).isEqualTo("jwt-user");
        client.post().uri("/api/tasks/{id}/cancel", view.get("id").asString())
                .headers(headers -> headers.setBearerAuth(token)).exchange().expectStatus().isAccepted();
    }

    @Test
    void aJwtReadScopeOnlyReads() {
        String reader = jwt(SIGNING_KEY, Map.of("scope", "openid read"), Instant.now().plusSeconds(300));
        client.get().uri("/api/tasks").headers(headers -> headers.setBearerAuth(reader)).exchange()
                .expectStatus().isOk();
        forbidden(client.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> headers.setBearerAuth(reader)).bodyValue(task()).exchange());
        String noRole = jwt(SIGNING_KEY, Map.of(), Instant.now().plusSeconds(300));
        forbidden(client.get().uri("/api/tasks").headers(headers -> headers.setBearerAuth(noRole)).exchange());
    }

    @Test
    void aForgedExpiredOrMalformedJwtIs401() {
        String forged = jwt(STRANGER_KEY, Map.of("roles", List.of("admin")), Instant.now().plusSeconds(300));
        unauthorized(client.get().uri("/api/tasks").headers(headers -> headers.setBearerAuth(forged)).exchange());
        String expired = jwt(SIGNING_KEY, Map.of("roles", List.of("admin")), Instant.now().minusSeconds(3600));
        unauthorized(client.get().uri("/api/tasks").headers(headers -> headers.setBearerAuth(expired)).exchange());
        unauthorized(client.get().uri("/api/tasks").header(HttpHeaders.AUTHORIZATION, "Bearer not.a.jwt").exchange());
        unauthorized(client.get().uri("/api/tasks").header(HttpHeaders.AUTHORIZATION, "Basic YTpi").exchange());
    }

    @Test
    void docsAndProbesNeedNoCredentials() {
        // springdoc builds the document on the first call, which takes seconds on a busy machine.
        client.mutate().responseTimeout(Duration.ofMinutes(1)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void theDashboardAndItsFilesNeedNoCredentialsButItsDataDoes() {
        client.get().uri("/").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().value("Content-Security-Policy", containsString("default-src 'self'"))
                .expectBody(String.class).value(html -> assertThat(html)
                        .contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>")
                        .doesNotContain("http://", "https://"));
        for (String file : List.of("/dashboard/app.js", "/dashboard/api.js", "/dashboard/chart.js")) {
            client.get().uri(file).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith("text/javascript");
        }
        client.get().uri("/dashboard/style.css").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/css");

        // What the page shows comes from the API, which still wants a key; the page sends it as X-API-Key.
        String id = submitAs(ALICE_KEY);
        client.post().uri("/api/tasks/{id}/cancel", id).header("X-API-Key", ALICE_KEY).exchange()
                .expectStatus().isAccepted();
        unauthorized(client.get().uri("/api/workers").exchange());
        unauthorized(client.get().uri("/api/tasks/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).exchange());
        client.get().uri("/api/tasks/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM)
                .header("X-API-Key", READER_KEY).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectBody(String.class).value(events -> assertThat(events).contains("CANCELLED"));
    }

    @Test
    void answersCarryTheSecurityHeaders() {
        client.get().uri("/api/tasks").header("X-API-Key", READER_KEY).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, containsString("no-store"))
                .expectHeader().value("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .expectHeader().doesNotExist("Access-Control-Allow-Origin")
                .expectHeader().doesNotExist("Set-Cookie");
        client.options().uri("/api/tasks").header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange()
                .expectHeader().doesNotExist("Access-Control-Allow-Origin");
    }

    private WebTestClient.BodyContentSpec unauthorized(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isUnauthorized()
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.type").isEqualTo("/problems/unauthorized")
                .jsonPath("$.detail").value(not(containsString("Exception")));
    }

    private WebTestClient.BodyContentSpec forbidden(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.type").isEqualTo("/problems/forbidden")
                .jsonPath("$.detail").isNotEmpty();
    }

    private WebTestClient.RequestHeadersSpec<?> post(String apiKey, String uri, String json) {
        WebTestClient.RequestBodySpec request = client.post().uri(uri).contentType(MediaType.APPLICATION_JSON);
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request.bodyValue(json);
    }

    private String task() {
        return "{\"type\": \"echo\", \"queue\": \"" + queue + "\", \"payload\": {\"n\": 1}}";
    }

    private String submitAs(String apiKey) {
        return post(apiKey, "/api/tasks", task()).exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
    }

    private WebTestClient.ResponseSpec idempotentSubmit(String apiKey, String idempotencyKey) {
        return client.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON).header("X-API-Key", apiKey)
                .header("Idempotency-Key", idempotencyKey).bodyValue(task()).exchange();
    }

    private static String jwt(KeyPair key, Map<String, Object> claims, Instant expiresAt) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("jwt-user")
                .issueTime(Date.from(expiresAt.minusSeconds(600))).expirationTime(Date.from(expiresAt));
        claims.forEach(builder::claim);
        SignedJWT signed = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
        try {
            signed.sign(new RSASSASigner(key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return signed.serialize();
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestConfiguration
    static class LocalJwtIssuer {

        /** Trusts only the key made in this test, as a decoder from {@code jwk-set-uri} trusts its issuer's keys. */
        @Bean
        ReactiveJwtDecoder jwtDecoder() {
            return NimbusReactiveJwtDecoder.withPublicKey((RSAPublicKey) SIGNING_KEY.getPublic()).build();
        }
    }
}
