package io.fourfold.worker.handlers;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the {@code http.get} task type.
 *
 * @param allowedHosts   the host names (or IP literals) it may fetch, compared ignoring case; empty refuses every
 *                       URL. A host on the list is still refused when it resolves to a private, loopback,
 *                       link-local, multicast or unspecified address.
 * @param allowLoopback  for tests only: also allow loopback addresses, so a test can reach its own local server
 * @param maxRedirects   how many redirects it follows; each target is checked like the first URL
 * @param connectTimeout how long connecting may take
 */
@ConfigurationProperties("fourfold.worker.http")
@Validated
public record HttpGetProperties(
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("false") boolean allowLoopback,
        @DefaultValue("5") @Min(0) int maxRedirects,
        @DefaultValue("5s") @NotNull Duration connectTimeout) {

    public HttpGetProperties {
        allowedHosts = List.copyOf(allowedHosts);
    }

    boolean allows(String host) {
        return allowedHosts.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(host));
    }
}
