package io.fourfold.api.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the API. On by default: a fresh api-service refuses every {@code /api} call until keys or a JWT
 * issuer are configured (standalone switches it off). JWTs are checked against the standard
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}.
 *
 * @param enabled whether {@code /api} needs credentials; when off every caller may do everything, anonymously
 * @param apiKeys the accepted API keys, each stored as the SHA-256 of the key, never the key itself
 * @param jwt     how roles are read from bearer JWTs
 */
@Validated
@ConfigurationProperties("fourfold.api.security")
public record ApiSecurityProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue List<@Valid ApiKey> apiKeys,
        @DefaultValue @Valid Jwt jwt) {

    /**
     * One API key, e.g. {@code FOURFOLD_API_SECURITY_API_KEYS_0_NAME=ci}, {@code ..._0_ROLE=submit},
     * {@code ..._0_SHA256=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)}.
     *
     * @param name   the caller's name: owner of its tasks, scope of its idempotency keys, shown in logs
     * @param role   {@code read}, {@code submit} or {@code admin}
     * @param sha256 the SHA-256 of the key as 64 hex digits
     */
    public record ApiKey(
            @NotBlank String name,
            @NotNull Role role,
            @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the SHA-256 of the key as 64 hex digits")
            String sha256) {
    }

    /**
     * Roles of JWT callers. The claim holds role names ({@code read}, {@code submit}, {@code admin}) as a list or
     * a space-separated string; without it, the standard {@code scope} claim is read the same way.
     *
     * @param rolesClaim the claim that carries the roles
     */
    public record Jwt(@DefaultValue("roles") @NotBlank String rolesClaim) {
    }
}
