package io.fourfold.api.system;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose {@code Accept} or {@code Content-Type} cannot be parsed ({@code Accept: text/html;q=abc},
 * an unknown charset) with a {@code 400} problem, first of all. Left to the handlers, such a header fails the
 * content negotiation of the error answer itself, and the client would get a bare status without a body.
 */
@Component
class MediaTypeHeaderFilter implements WebFilter, Ordered {

    private final ProblemResponses problems;

    MediaTypeHeaderFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    /** Before the security filter chain (-100), so that its refusals can be written too. */
    @Override
    public int getOrder() {
        return -200;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        for (String name : List.of(HttpHeaders.ACCEPT, HttpHeaders.CONTENT_TYPE)) {
            List<String> values = headers.getOrEmpty(name);
            try {
                values.forEach(value -> MediaType.parseMediaTypes(value).forEach(MediaType::getCharset));
            } catch (IllegalArgumentException malformed) {
                return problems.write(exchange, ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-request",
                        "Invalid request", "The " + name + " header is not a valid media type list: "
                                + malformed.getMessage()), HttpHeaders.EMPTY);
            }
        }
        return chain.filter(exchange);
    }
}
