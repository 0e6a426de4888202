package io.fourfold.bench.bare;

import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The ceiling of an HTTP submit on this machine: a WebFlux POST that reads a JSON body and answers 202 with a small
 * JSON object, on the same Boot and Netty as api-service, and nothing else.
 */
@SpringBootApplication
public class BareWebFlux {

    public static void main(String[] arguments) {
        SpringApplication.run(BareWebFlux.class, arguments);
    }

    @RestController
    static class Endpoint {

        @PostMapping(path = "/bare", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        Mono<ResponseEntity<Accepted>> accept(@RequestBody JsonNode task) {
            return Mono.just(ResponseEntity.accepted()
                    .body(new Accepted(UUID.randomUUID().toString(), task.path("type").asString())));
        }
    }

    record Accepted(String id, String type) {
    }
}
