package io.fourfold.api.system;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ApiTestSupport;
import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.StartDecision;
import io.fourfold.transport.Submission;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskDelivery;
import io.fourfold.transport.TaskLease;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.transport.TaskTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/** What clients see when the backend fails: a 503 they can retry, or a 500 that tells nothing of the inside. */
class BackendFailureTest extends ApiTestSupport {

    @Test
    void anUnavailableBackendIs503WithRetryAfterAndStoresNothing() {
        post("/api/tasks", "{\"type\": \"echo\", \"queue\": \"" + queue + "\"}")
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "3")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("/problems/backend-unavailable")
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.title").exists()
                .jsonPath("$.detail").exists();
        post("/api/tasks/batch", "[{\"type\": \"echo\", \"queue\": \"" + queue + "\"}]")
                .expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After");
        assertThat(tasksInQueue()).isZero();
    }

    @Test
    void anUnexpectedFailureIs500WithoutItsDetails() {
        post("/api/tasks", "{\"type\": \"sleep\", \"payload\": {\"millis\": 1}}")
                .expectStatus().isEqualTo(500)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .value(not(containsString("secret")))
                .value(not(containsString("IllegalStateException")))
                .value(containsString("\"status\":500"));
    }

    @TestConfiguration
    static class FailingBackend {

        /** Fails every submit: unavailable for {@code echo}, with an unexpected exception for anything else. */
        @Bean
        @Primary
        TaskTransport failingTransport() {
            return new TaskTransport() {
                @Override
                public Mono<Submission> submit(SubmitRequest request) {
                    if (request.tasks().getFirst().type().equals("echo")) {
                        return Mono.error(new BackendUnavailableException("Redis is down", Duration.ofMillis(2500),
                                new IOException("Connection refused")));
                    }
                    return Mono.error(new IllegalStateException("secret internal detail"));
                }

                @Override
                public Mono<List<TaskDelivery>> receive(String consumer, List<String> queues, int max, Duration wait) {
                    return Mono.just(List.of());
                }

                @Override
                public Mono<StartDecision> start(TaskDelivery delivery, String workerId, ExecutorKind executor) {
                    return Mono.error(new UnsupportedOperationException());
                }

                @Override
                public Mono<Boolean> renew(TaskLease lease) {
                    return Mono.just(false);
                }

                @Override
                public Mono<Boolean> progress(TaskLease lease, double fraction, String message) {
                    return Mono.just(false);
                }

                @Override
                public Mono<Boolean> complete(TaskLease lease, TaskOutcome outcome) {
                    return Mono.just(false);
                }

                @Override
                public Mono<Void> release(TaskLease lease) {
                    return Mono.empty();
                }

                @Override
                public Mono<Void> returnUnstarted(TaskDelivery delivery) {
                    return Mono.empty();
                }

                @Override
                public Mono<Void> defer(TaskDelivery delivery, Duration delay) {
                    return Mono.empty();
                }

                @Override
                public Mono<Void> deadLetter(TaskDelivery delivery, TaskError reason) {
                    return Mono.empty();
                }
            };
        }
    }
}
