package io.fourfold.transport.rabbit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Refuses, at startup and without touching the network, broker settings that can never work: a malformed address
 * or an empty credential. An unreachable broker is not such a setting: the service starts and keeps reconnecting.
 * It runs before any bean is made, so Boot's connection factory never meets such a setting with a bare parse error.
 */
final class RabbitSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    private @Nullable Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (environment == null) {
            return;
        }
        // Raw strings: Boot's own RabbitProperties parses addresses while binding and fails without their name.
        Binder binder = Binder.get(environment);
        List<String> addresses = binder.bind("spring.rabbitmq.addresses", Bindable.listOf(String.class))
                .orElse(List.of());
        if (addresses.isEmpty()) {
            String host = binder.bind("spring.rabbitmq.host", String.class).orElse("localhost");
            String port = binder.bind("spring.rabbitmq.port", String.class).orElse("5672");
            requireHost("spring.rabbitmq.host", host, port(port));
        } else {
            addresses.forEach(RabbitSettingsCheck::requireAddress);
        }
        requireText("spring.rabbitmq.username", binder.bind("spring.rabbitmq.username", String.class).orElse("guest"));
        requireText("spring.rabbitmq.password", binder.bind("spring.rabbitmq.password", String.class).orElse("guest"));
    }

    private static int port(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException notANumber) {
            throw invalid("spring.rabbitmq.port", value, "not a number");
        }
    }

    private static void requireAddress(String address) {
        String trimmed = address.trim();
        String withScheme = trimmed.contains("://") ? trimmed : "amqp://" + trimmed;
        try {
            URI uri = new URI(withScheme);
            if (!List.of("amqp", "amqps").contains(uri.getScheme())) {
                throw invalid("spring.rabbitmq.addresses", address, "the scheme must be amqp or amqps");
            }
            if (uri.getHost() == null) {
                throw invalid("spring.rabbitmq.addresses", address, "expected [amqp://][user:password@]host[:port]");
            }
            requireHost("spring.rabbitmq.addresses", uri.getHost(), uri.getPort() == -1 ? null : uri.getPort());
        } catch (URISyntaxException malformed) {
            throw invalid("spring.rabbitmq.addresses", address, malformed.getMessage());
        }
    }

    private static void requireHost(String property, @Nullable String host, @Nullable Integer port) {
        if (host == null || host.isBlank()) {
            throw invalid(property, String.valueOf(host), "no host name");
        }
        if (port != null && (port < 1 || port > 65_535)) {
            throw invalid(property.equals("spring.rabbitmq.host") ? "spring.rabbitmq.port" : property,
                    host + ":" + port, "the port must be between 1 and 65535");
        }
    }

    private static void requireText(String property, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " must not be empty for fourfold.transport=rabbitmq");
        }
    }

    private static IllegalStateException invalid(String property, String value, @Nullable String why) {
        return new IllegalStateException("Invalid " + property + " '" + value + "': " + why);
    }
}
