package io.fourfold.transport.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RabbitHealthDefaultsTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        new RabbitHealthDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void aRedisDeploymentDoesNotReportAnAbsentRabbitMq() {
        assertThat(environment(Map.of("fourfold.transport", "redis")).getProperty("management.health.rabbit.enabled"))
                .isEqualTo("false");
    }

    @Test
    void aRabbitMqDeploymentKeepsTheRabbitHealthCheck() {
        assertThat(environment(Map.of("fourfold.transport", "rabbitmq")).getProperty("management.health.rabbit.enabled"))
                .isNull();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(environment(Map.of("fourfold.transport", "redis", "management.health.rabbit.enabled", "true"))
                .getProperty("management.health.rabbit.enabled")).isEqualTo("true");
    }
}
