package io.fourfold.worker.handlers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The switch of the built-in task types, read by {@link BuiltInHandlersAutoConfiguration}'s condition; the rest
 * of {@code fourfold.worker} belongs to the starter's {@code WorkerProperties}.
 *
 * @param builtInHandlers whether the built-in task types (echo, sleep, primes, flaky, http.get) are served
 */
@ConfigurationProperties("fourfold.worker")
public record BuiltInHandlersProperties(@DefaultValue("true") boolean builtInHandlers) {
}
