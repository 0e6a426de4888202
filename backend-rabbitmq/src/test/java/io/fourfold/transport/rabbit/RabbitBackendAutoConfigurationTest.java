package io.fourfold.transport.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.redis.RedisStoreAutoConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code fourfold.transport=rabbitmq} gives the RabbitMQ transport on the Redis store; the context starts without
 * either broker, and settings that can never work fail the start naming their property.
 */
class RabbitBackendAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    DataRedisReactiveAutoConfiguration.class, RedisStoreAutoConfiguration.class,
                    RabbitBackendAutoConfiguration.class));

    @Test
    void rabbitmqGivesTheRabbitTransportOnTheRedisStoreAndStartsWithoutBrokers() throws IOException {
        runner.withPropertyValues("fourfold.transport=rabbitmq", "spring.rabbitmq.port=" + closedPort(),
                        "spring.data.redis.port=" + closedPort())
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(TaskStore.class).hasSingleBean(TaskQueues.class);
                    assertThat(context.getBean(TaskTransport.class)).isInstanceOf(RabbitTaskTransport.class);
                    TaskTransport transport = context.getBean(TaskTransport.class);
                    NewTask task = new NewTask(TaskIds.next(), "echo", "default", 0,
                            JsonNodeFactory.instance.nullNode(), null, 3, Duration.ofMinutes(1), null, null);

                    assertThatThrownBy(() -> transport.submit(new SubmitRequest(List.of(task), null))
                            .block(Duration.ofSeconds(30)))
                            .isInstanceOf(BackendUnavailableException.class);
                    assertThatThrownBy(() -> transport.receive("worker", List.of("default"), 10, Duration.ofMillis(100))
                            .block(Duration.ofSeconds(30)))
                            .as("a worker sees that it cannot consume, and reports it")
                            .isInstanceOf(BackendUnavailableException.class);
                });
    }

    @Test
    void aMalformedAddressFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("fourfold.transport=rabbitmq", "spring.rabbitmq.addresses=rabbit:notaport")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("spring.rabbitmq.addresses"));
    }

    @Test
    void aMissingCredentialFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("fourfold.transport=rabbitmq", "spring.rabbitmq.password=")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("spring.rabbitmq.password"));
    }

    @Test
    void anInvalidBackendSettingFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("fourfold.transport=rabbitmq", "fourfold.rabbitmq.confirm-timeout=0s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("fourfold.rabbitmq.confirm-timeout"));
    }

    @Test
    void otherBackendsGetNothingFromHere() {
        runner.withPropertyValues("fourfold.transport=redis")
                .run(context -> assertThat(context).doesNotHaveBean(RabbitTaskTransport.class)
                        .doesNotHaveBean(TaskQueues.class));
        runner.run(context -> assertThat(context).doesNotHaveBean(RabbitTaskTransport.class)
                .doesNotHaveBean(TaskQueues.class));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
