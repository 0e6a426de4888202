package io.fourfold.api.limits;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits per task type declared in configuration, set in the store when an api starts.
 *
 * @param limits limits by task type ({@code fourfold.limits.<type>.*}; a type with a dot in its name is written in
 *               brackets: {@code fourfold.limits[http.get].concurrency}); each is set when an api starts, so the
 *               configuration wins over an api change of the same type. Removing one here does not remove it:
 *               remove it over the API
 */
@ConfigurationProperties("fourfold")
public record DeclaredLimits(@DefaultValue Map<String, Declared> limits) {

    public DeclaredLimits {
        limits = Map.copyOf(limits);
    }

    /**
     * One type's declared limits; the fields are those of {@code PUT /api/limits/{type}}.
     *
     * @param concurrency at most this many tasks of the type run at once, across all workers
     * @param permits     at most this many tasks of the type start per {@code period}, across all workers
     * @param period      the period of {@code permits}; default a second
     */
    public record Declared(
            @Nullable Integer concurrency,
            @Nullable Integer permits,
            @DefaultValue("1s") Duration period) {
    }
}
