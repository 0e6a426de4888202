package io.fourfold.transport.rabbit;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches Boot's {@code rabbit} health contributor off, as a default any setting overrides, unless
 * {@code fourfold.transport=rabbitmq}: the services carry this module on every transport, and a Redis deployment
 * has no RabbitMQ whose absence should turn {@code /actuator/health} DOWN.
 */
final class RabbitHealthDefaults implements EnvironmentPostProcessor {

    static final String SOURCE = "fourfoldRabbitHealthDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String transport = environment.getProperty("fourfold.transport", "");
        if (!transport.equalsIgnoreCase("rabbitmq") && !environment.getPropertySources().contains(SOURCE)) {
            environment.getPropertySources().addLast(
                    new MapPropertySource(SOURCE, Map.of("management.health.rabbit.enabled", "false")));
        }
    }
}
