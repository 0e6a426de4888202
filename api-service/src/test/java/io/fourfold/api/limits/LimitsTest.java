package io.fourfold.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** {@code /api/limits} on the in-memory backend: every answer a client can get. */
class LimitsTest extends ApiTestSupport {

    /** Limits outlive a test in the shared context: none is left to hold back another test's tasks. */
    @AfterEach
    void removeLimits() {
        client.delete().uri("/api/limits/sleep").exchange();
    }

    private WebTestClient.ResponseSpec put(String type, String json) {
        return client.put().uri("/api/limits/{type}", type).contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange();
    }

    private void assertInvalid(String json, String field) {
        assertInvalid(put("sleep", json), field);
    }

    @Test
    void limitsAreSetReplacedListedAndRemoved() {
        put("sleep", "{\"concurrency\": 5, \"rate\": {\"permits\": 10, \"period\": \"PT1S\"}}")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.type").isEqualTo("sleep")
                .jsonPath("$.concurrency").isEqualTo(5)
                .jsonPath("$.rate.permits").isEqualTo(10)
                .jsonPath("$.rate.period").isEqualTo("PT1S")
                .jsonPath("$.running").isEqualTo(0);
        put("sleep", "{\"concurrency\": 2}")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.concurrency").isEqualTo(2)
                .jsonPath("$.rate").doesNotExist();

        JsonNode list = client.get().uri("/api/limits").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(list.values()).anySatisfy(limit -> {
            assertThat(limit.get("type").asString()).isEqualTo("sleep");
            assertThat(limit.get("concurrency").asInt()).isEqualTo(2);
        });

        client.delete().uri("/api/limits/sleep").exchange().expectStatus().isNoContent();
        client.delete().uri("/api/limits/sleep").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/limits-not-found")
                .jsonPath("$.detail").isEqualTo("Task type 'sleep' has no limits");
    }

    @Test
    void aRunningTaskOfALimitedTypeIsCounted() {
        put("sleep", "{\"concurrency\": 1}").expectStatus().isCreated();
        submit("sleep", "{\"millis\": 1}");
        TaskLease running = takeAndStart().block();

        client.get().uri("/api/limits").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.type == 'sleep')].running").isEqualTo(1);
        // Ended, so it holds no slot of sleep for the tests after this one.
        transport.complete(running, new TaskOutcome.Succeeded(null)).block();
        client.get().uri("/api/limits").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.type == 'sleep')].running").isEqualTo(0);
    }

    @Test
    void limitsWithoutEitherLimitAre400() {
        assertInvalid("{}", "concurrency");
    }

    @Test
    void aConcurrencyBelowOneIs400() {
        assertInvalid("{\"concurrency\": 0}", "concurrency");
    }

    @Test
    void aRateWithoutPermitsOrWithAWrongPeriodIs400() {
        assertInvalid("{\"rate\": {\"period\": \"PT1S\"}}", "rate.permits");
        assertInvalid("{\"rate\": {\"permits\": 0, \"period\": \"PT1S\"}}", "rate.permits");
        assertInvalid("{\"rate\": {\"permits\": 5, \"period\": \"one second\"}}", "rate.period");
        assertInvalid("{\"rate\": {\"permits\": 5, \"period\": \"PT0S\"}}", "rate.period");
        assertInvalid("{\"rate\": {\"permits\": 5}}", "rate.period");
    }

    @Test
    void aConcurrencyThatIsNotANumberIs400() {
        put("sleep", "{\"concurrency\": \"five\"}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void limitsOfAnUnknownTypeAre422NamingTheKnownTypes() {
        put("slep", "{\"concurrency\": 1}")
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("type")
                .jsonPath("$.knownTypes").isArray();
    }
}
