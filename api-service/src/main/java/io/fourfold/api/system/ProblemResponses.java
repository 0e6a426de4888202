package io.fourfold.api.system;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes a problem from a web filter, where {@link ProblemHandler} cannot reach (authentication, rate limits). It
 * goes through the application's own codecs, so the body looks exactly like every other problem.
 */
@Component
public class ProblemResponses {

    private final ServerResponse.Context context;

    ProblemResponses(ServerCodecConfigurer codecs) {
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    /** A problem of ours: {@code /problems/<slug>} with a title and a detail a client can act on. */
    public static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ApiProblem.typeFor(slug));
        problem.setTitle(title);
        return problem;
    }

    /** Answers the exchange with {@code problem}, after the headers given; nothing else is written. */
    public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, HttpHeaders headers) {
        return ServerResponse.status(problem.getStatus())
                .headers(answer -> answer.addAll(headers))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem)
                .flatMap(response -> response.writeTo(exchange, context));
    }
}
