package io.fourfold.api.security;

import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who sent a request, as the security filter authenticated it. The name becomes the owner of the tasks the
 * caller submits and the scope of its idempotency keys.
 *
 * @param name  the principal's name (API key name or JWT subject), {@code null} when auth is off
 * @param admin whether the caller may act on every caller's tasks: an admin, or anyone while auth is off
 */
public record Caller(@Nullable String name, boolean admin) {

    private static final Caller ANONYMOUS = new Caller(null, true);
    private static final String GLOBAL_SCOPE = "global";

    public static Mono<Caller> of(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(Caller::of).defaultIfEmpty(ANONYMOUS);
    }

    private static Caller of(Principal principal) {
        boolean admin = principal instanceof Authentication authentication && authentication.getAuthorities().stream()
                .anyMatch(authority -> Role.ADMIN.authority().equals(authority.getAuthority()));
        return new Caller(principal.getName(), admin);
    }

    /** Whose idempotency keys a key is compared with: the caller's own, or one global scope when auth is off. */
    public String idempotencyScope() {
        return name == null ? GLOBAL_SCOPE : "caller:" + name;
    }

    /** Recorded as the owner of the tasks this caller submits. */
    public @Nullable String owner() {
        return name;
    }

    /** Whether this caller may cancel a task that {@code owner} submitted. */
    public boolean mayCancelTaskOf(@Nullable String owner) {
        return admin || name != null && name.equals(owner);
    }
}
