package io.fourfold.client.autoconfigure;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Fourfold client bean; it is made only when {@code fourfold.client.base-url} is set.
 *
 * @param baseUrl         where the Fourfold api answers, e.g. {@code http://localhost:8080}
 * @param apiKey          sent as {@code X-API-Key} on every call when the api has auth on
 * @param blockingTimeout how long a call of the client's blocking view waits for its answer (beyond a requested wait)
 */
@ConfigurationProperties("fourfold.client")
public record FourfoldClientProperties(
        @Nullable String baseUrl,
        @Nullable String apiKey,
        @DefaultValue("30s") Duration blockingTimeout) {
}
