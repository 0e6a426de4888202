package io.fourfold.demos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The guard on the event loop, on a real Netty server: this module's tests run under BlockHound (the parent pom's
 * {@code blockhound.argLine}, installed by {@code blockhound-junit-platform}), so the demo handler that sleeps on
 * the event loop fails with {@code BlockingOperationError} and the request gets a 500 naming the call, while the same call bridged
 * off the loop succeeds.
 */
@SpringBootTest(classes = LoopBlockingDemo.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.web.error.include-message=always")
class LoopBlockingGuardTest {

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aBlockingCallOnTheEventLoopFailsUnderTheGuard() {
        client().get().uri("/work?on=LOOP&millis=5").exchange()
                .expectStatus().is5xxServerError()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("Blocking call! java.lang.Thread.sleep"));
    }

    @Test
    void theSameCallOnBoundedElasticPasses() {
        client().get().uri("/work?on=ELASTIC&millis=5").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("boundedElastic"));
    }

    @Test
    void theSameCallOnAVirtualThreadPasses() {
        client().get().uri("/work?on=VIRTUAL&millis=5").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("VirtualThread"));
    }
}
