package io.fourfold.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.TaskRecord;
import io.fourfold.transport.TaskStore;
import io.fourfold.worker.SharedRedis;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@link LimitsAndUniqueTasks} on two standalone replicas (each an api and a worker) sharing one Redis under a key
 * prefix of their own: a limit set through one replica holds the workers of both, and a unique key holds whichever
 * replica a task is submitted to.
 */
class LimitsAndUniqueTasksOnRedisIT extends LimitsAndUniqueTasks {

    private static final String PREFIX = "fourfold-e2e-" + UUID.randomUUID() + ":";
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startReplicas() {
        SharedRedis.requireReachable();
        first = replica("replica-1");
        second = replica("replica-2");
    }

    private static ConfigurableApplicationContext replica(String worker) {
        return new SpringApplicationBuilder(FourfoldStandalone.class).run(
                "--server.port=0",
                "--management.server.port=0",
                "--fourfold.transport=redis",
                "--fourfold.redis.key-prefix=" + PREFIX,
                "--spring.data.redis.host=" + SharedRedis.HOST,
                "--spring.data.redis.port=" + SharedRedis.PORT,
                "--fourfold.worker.id=" + worker);
    }

    @AfterAll
    static void stopReplicas() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {first, second}) {
            if (replica != null) {
                replica.close();
            }
        }
        SharedRedis.deleteKeys(PREFIX);
    }

    private static WebTestClient client(ConfigurableApplicationContext replica) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + replica.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Override
    protected WebTestClient submitter() {
        return client(first);
    }

    @Override
    protected WebTestClient other() {
        return client(second);
    }

    @Override
    protected TaskStore store() {
        return first.getBean(TaskStore.class);
    }

    @Test
    void bothReplicasWorkersTakeTasksOfALimitedType() {
        limit("sleep", "{\"concurrency\": 3}");

        List<TaskRecord> done = awaitSucceeded(submitBatch(
                "{\"type\": \"sleep\", \"payload\": {\"millis\": 200}}", 30));

        assertThat(mostAtOnce(done)).isLessThanOrEqualTo(3);
        assertThat(done).extracting(TaskRecord::worker).contains("replica-1", "replica-2");
    }
}
