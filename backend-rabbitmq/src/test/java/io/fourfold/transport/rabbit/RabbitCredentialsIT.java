package io.fourfold.transport.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fourfold.transport.BackendUnavailableException;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.redis.RedisStoreAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpAuthenticationException;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The backend connects to RabbitMQ as {@code spring.rabbitmq.username}/{@code password} say. Against the shared
 * broker, which must not be given users, it proves the settings reach the broker with a wrong password: the broker
 * refuses, and the transport reports that refusal ({@code ACCESS_REFUSED}) as unavailable.
 */
class RabbitCredentialsIT {

    private static final String PREFIX = "fourfold-test-" + UUID.randomUUID() + ":";
    private static LettuceConnectionFactory redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    DataRedisReactiveAutoConfiguration.class, RedisStoreAutoConfiguration.class,
                    RabbitBackendAutoConfiguration.class))
            .withPropertyValues("fourfold.transport=rabbitmq", "fourfold.redis.key-prefix=" + PREFIX,
                    "fourfold.rabbitmq.prefix=" + PREFIX,
                    "spring.rabbitmq.host=" + LocalBrokers.RABBIT_HOST,
                    "spring.rabbitmq.port=" + LocalBrokers.RABBIT_PORT,
                    "spring.data.redis.host=" + LocalBrokers.REDIS_HOST,
                    "spring.data.redis.port=" + LocalBrokers.REDIS_PORT,
                    "spring.data.redis.username=" + LocalBrokers.REDIS_USERNAME,
                    "spring.data.redis.password=" + LocalBrokers.REDIS_PASSWORD);

    @BeforeAll
    static void requireBrokers() {
        LocalBrokers.rabbit().destroy();
        redis = LocalBrokers.redis();
    }

    @AfterAll
    static void deleteKeys() {
        if (redis != null) {
            LocalBrokers.deleteKeys(redis, PREFIX);
            redis.destroy();
        }
    }

    @Test
    void theConfiguredUserAndPasswordAreWhatTheBrokerSees() {
        runner.withPropertyValues("spring.rabbitmq.username=" + LocalBrokers.RABBIT_USERNAME,
                        "spring.rabbitmq.password=" + LocalBrokers.RABBIT_PASSWORD)
                .run(context -> {
                    try (Connection connection = context.getBean(ConnectionFactory.class).createConnection()) {
                        assertThat(connection.isOpen()).isTrue();
                    }
                });
    }

    @Test
    void aWrongPasswordIsRefusedByTheBrokerAndReportedAsSuch() {
        runner.withPropertyValues("spring.rabbitmq.username=" + LocalBrokers.RABBIT_USERNAME,
                        "spring.rabbitmq.password=not-the-password-" + UUID.randomUUID())
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(ConnectionFactory.class).createConnection())
                            .isInstanceOf(AmqpAuthenticationException.class)
                            .hasStackTraceContaining("ACCESS_REFUSED");
                    assertThatThrownBy(() -> context.getBean(TaskTransport.class)
                            .receive("worker", List.of("default"), 10, Duration.ofMillis(100))
                            .block(Duration.ofSeconds(60)))
                            .isInstanceOf(BackendUnavailableException.class)
                            .hasMessageContaining("ACCESS_REFUSED");
                });
    }
}
