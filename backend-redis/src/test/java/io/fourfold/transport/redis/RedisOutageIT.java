package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.FourfoldProperties;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.node.JsonNodeFactory;

/** A Redis that crashes or runs out of memory: clients get a 503 meanwhile, and nothing accepted is lost. */
class RedisOutageIT {

    @Test
    void acceptedTasksSurviveARedisCrashAndTheBackendRecovers() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start("--appendonly", "yes", "--appendfsync", "always", "--save", "")) {
            LettuceConnectionFactory connections = LocalRedis.connect("127.0.0.1", redis.port());
            RedisTaskStore store = RedisTaskStore.create(connections, RedisBackendProperties.withKeyPrefix("fourfold:"),
                    new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofDays(7)));
            RedisStreamTransport transport = new RedisStreamTransport(store);
            try {
                NewTask ready = task(null);
                NewTask delayed = task(Instant.now().plusSeconds(1));
                transport.submit(new SubmitRequest(List.of(ready, delayed), null)).block();

                redis.kill();
                assertThatThrownBy(() -> transport.submit(new SubmitRequest(List.of(task(null)), null))
                        .block(Duration.ofSeconds(30)))
                        .isInstanceOf(BackendUnavailableException.class);
                redis.start();

                List<String> received = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                    transport.receive("consumer-a", List.of("default"), 10, Duration.ofMillis(500)).block()
                            .stream().map(TaskDelivery::taskId).forEach(received::add);
                    return received.size() >= 2;
                });
                assertThat(received).containsExactlyInAnyOrder(ready.id(), delayed.id());
            } finally {
                transport.close();
                store.close();
                connections.destroy();
            }
        }
    }

    @Test
    void aRedisOutOfMemoryAnswersUnavailableAndKeepsWhatItAccepted() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start("--maxmemory", "2mb", "--maxmemory-policy", "noeviction",
                "--save", "")) {
            LettuceConnectionFactory connections = LocalRedis.connect("127.0.0.1", redis.port());
            RedisTaskStore store = RedisTaskStore.create(connections, RedisBackendProperties.withKeyPrefix("fourfold:"),
                    new FourfoldProperties.Store(Duration.ofHours(24), Duration.ofDays(7)));
            RedisStreamTransport transport = new RedisStreamTransport(store);
            try {
                String large = "x".repeat(200_000);
                List<NewTask> accepted = new ArrayList<>();
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        NewTask task = new NewTask(TaskIds.next(), "echo", "default", 0,
                                JsonNodeFactory.instance.objectNode().put("blob", large), null, 3,
                                Duration.ofMinutes(1), null, null);
                        transport.submit(new SubmitRequest(List.of(task), null)).block();
                        accepted.add(task);
                    }
                }).isInstanceOfSatisfying(BackendUnavailableException.class,
                        unavailable -> assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(5)));

                assertThat(store.redis().opsForStream().size(store.keys().stream("default", 0)).block())
                        .isEqualTo(accepted.size());
            } finally {
                transport.close();
                store.close();
                connections.destroy();
            }
        }
    }

    private static NewTask task(@Nullable Instant runAt) {
        return new NewTask(TaskIds.next(), "echo", "default", 0, JsonNodeFactory.instance.objectNode(), runAt, 3,
                Duration.ofMinutes(1), null, null);
    }
}
