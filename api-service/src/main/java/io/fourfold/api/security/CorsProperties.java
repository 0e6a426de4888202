package io.fourfold.api.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access to {@code /api}, for a dashboard served from another origin. Off unless origins are given.
 *
 * @param allowedOrigins origins whose browsers may call the API, e.g. {@code https://ops.example.com}; none by default
 * @param allowedMethods methods they may use
 * @param allowedHeaders request headers they may send
 * @param exposedHeaders answer headers their scripts may read
 * @param maxAge         how long a browser may cache a preflight answer
 */
@ConfigurationProperties("fourfold.api.cors")
public record CorsProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue({"GET", "POST", "PUT", "DELETE"}) List<String> allowedMethods,
        @DefaultValue({"Content-Type", "X-API-Key", "Authorization", "Idempotency-Key", "traceparent", "Last-Event-ID"})
        List<String> allowedHeaders,
        @DefaultValue({"Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
            "Fourfold-Deduplicated"})
        List<String> exposedHeaders,
        @DefaultValue("1h") Duration maxAge) {
}
