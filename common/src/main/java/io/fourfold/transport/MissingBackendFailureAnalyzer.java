package io.fourfold.transport;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Explains a start that failed because {@code fourfold.transport} names a backend whose module is not on the class
 * path (the standalone application holds the in-memory backend only): nothing then provides Fourfold's interfaces,
 * and Spring's own report would only name the first bean that needed one.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class MissingBackendFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

    private final Environment environment;

    MissingBackendFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    /** The module of each broker backend and the auto-configuration that tells it is there. */
    private enum Backend {
        REDIS("backend-redis", "io.fourfold.transport.redis.RedisBackendAutoConfiguration"),
        RABBITMQ("backend-rabbitmq", "io.fourfold.transport.rabbit.RabbitBackendAutoConfiguration");

        private final String module;
        private final String autoConfiguration;

        Backend(String module, String autoConfiguration) {
            this.module = module;
            this.autoConfiguration = autoConfiguration;
        }
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        Class<?> missing = cause.getBeanType();
        Backend backend = backend(environment.getProperty("fourfold.transport", ""));
        if (missing == null || !missing.getName().startsWith("io.fourfold.") || backend == null
                || ClassUtils.isPresent(backend.autoConfiguration, getClass().getClassLoader())) {
            return null;
        }
        String transport = backend.name().toLowerCase(Locale.ROOT);
        return new FailureAnalysis(
                "fourfold.transport is '" + transport + "', but the " + backend.module + " module is not on the class "
                        + "path, so nothing provides " + missing.getName() + ". The standalone application holds the "
                        + "in-memory backend only.",
                "Run api-service and worker-service (they hold every backend) with fourfold.transport=" + transport
                        + ", add io.fourfold:" + backend.module + " to this application, or leave fourfold.transport "
                        + "unset for the in-memory backend.",
                cause);
    }

    private static @Nullable Backend backend(String transport) {
        for (Backend backend : Backend.values()) {
            if (backend.name().equalsIgnoreCase(transport.trim())) {
                return backend;
            }
        }
        return null;
    }
}
