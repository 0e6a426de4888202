package io.fourfold.api.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns a verified JWT into a caller: its subject is the name, its highest role (from the configured claim, else
 * from {@code scope}) gives the authorities. A token that names no role authenticates but may do nothing.
 */
final class JwtRoles implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    private static final String SCOPE = "scope";

    private final String rolesClaim;

    JwtRoles(String rolesClaim) {
        this.rolesClaim = rolesClaim;
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        String claim = jwt.hasClaim(rolesClaim) ? rolesClaim : SCOPE;
        Optional<Role> highest = values(jwt.getClaim(claim))
                .flatMap(name -> Role.named(name).stream())
                .max(Enum::compareTo);
        return Mono.just(new JwtAuthenticationToken(jwt, highest.map(Role::grants).orElse(List.of())));
    }

    /** A claim given as a list, or as one space-separated string as OAuth2 scopes are. */
    private static Stream<String> values(@Nullable Object claim) {
        return switch (claim) {
            case Collection<?> list -> list.stream().map(String::valueOf);
            case String text -> Stream.of(text.trim().split("\\s+"));
            case null, default -> Stream.empty();
        };
    }
}
