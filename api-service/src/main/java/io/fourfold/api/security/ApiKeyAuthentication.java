package io.fourfold.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Authenticates the {@code X-API-Key} header against the configured keys. Only hashes are configured, so a leaked
 * configuration does not leak keys; every configured hash is compared, in constant time, so the answer's timing
 * tells nothing about which key came close.
 */
final class ApiKeyAuthentication implements ReactiveAuthenticationManager, ServerAuthenticationConverter {

    static final String HEADER = "X-API-Key";

    private final List<Known> keys;

    ApiKeyAuthentication(List<ApiSecurityProperties.ApiKey> configured) {
        this.keys = configured.stream()
                .map(key -> new Known(key.name(), key.role(), HexFormat.of().parseHex(key.sha256())))
                .toList();
    }

    /** The header's value as yet unchecked credentials; no header means this filter has nothing to say. */
    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(HEADER))
                .map(key -> new PreAuthenticatedAuthenticationToken(HEADER, key));
    }

    @Override
    public Mono<Authentication> authenticate(Authentication presented) {
        Known match = match(String.valueOf(presented.getCredentials()));
        if (match == null) {
            return Mono.error(new BadCredentialsException("The " + HEADER + " header does not hold a valid API key"));
        }
        return Mono.just(new PreAuthenticatedAuthenticationToken(match.name, null, match.role.grants()));
    }

    private @Nullable Known match(String key) {
        byte[] hash = sha256(key);
        Known match = null;
        for (Known known : keys) {
            if (MessageDigest.isEqual(known.sha256, hash)) {
                match = known;
            }
        }
        return match;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every JVM provides SHA-256", impossible);
        }
    }

    private record Known(String name, Role role, byte[] sha256) {
    }
}
