package io.fourfold.api.security;

import io.fourfold.api.system.ProblemResponses;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The refusals of the security filter as problems like every other answer: {@code 401} with the challenges a
 * client can answer, {@code 403} naming what is missing, and {@code 400} for a request the firewall rejects
 * (encoded slashes, {@code ..} in the path). Spring Security's own answers would have an empty body.
 */
final class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler,
        ServerExchangeRejectedHandler {

    private final ProblemResponses responses;
    private final List<String> challenges;

    /** @param bearer whether JWTs are accepted, so the {@code Bearer} challenge is offered */
    SecurityProblems(ProblemResponses responses, boolean bearer) {
        this.responses = responses;
        List<String> offered = new ArrayList<>();
        offered.add("ApiKey realm=\"fourfold\", header=\"" + ApiKeyAuthentication.HEADER + "\"");
        if (bearer) {
            offered.add("Bearer realm=\"fourfold\"");
        }
        this.challenges = List.copyOf(offered);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean presented = exchange.getRequest().getHeaders().containsHeader(ApiKeyAuthentication.HEADER)
                || exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
        String detail = presented
                ? "The credentials are not valid: " + failure.getMessage()
                : "This call needs credentials: an " + ApiKeyAuthentication.HEADER + " header or an "
                        + "'Authorization: Bearer <JWT>' header";
        HttpHeaders headers = new HttpHeaders();
        challenges.forEach(challenge -> headers.add(HttpHeaders.WWW_AUTHENTICATE, challenge));
        return responses.write(exchange,
                ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail), headers);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal()
                .map(principal -> "The caller '" + principal.getName() + "' lacks the role for "
                        + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value()
                        + " (read: GET; submit: submit and cancel own tasks; admin: everything)")
                .defaultIfEmpty("Forbidden")
                .flatMap(detail -> responses.write(exchange,
                        ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail),
                        HttpHeaders.EMPTY));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        return responses.write(exchange, ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "Invalid request", "The request was rejected: " + rejected.getMessage()), HttpHeaders.EMPTY);
    }
}
