package io.fourfold.api.submission;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The W3C {@code traceparent} a submitted task carries to its worker. With tracing on, that is the api's own span of
 * the request (a child of the caller's {@code traceparent} when one came), so the trace reads caller → api → worker;
 * without it, the caller's header as it came.
 */
final class RequestTrace {

    private RequestTrace() {
    }

    static @Nullable String traceparent(ServerWebExchange exchange, @Nullable String header) {
        Span span = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .<TracingObservationHandler.TracingContext>map(context ->
                        context.get(TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .orElse(null);
        // An unsampled span still has its ids (it is not recorded): the worker's log lines then share them too.
        if (span == null || span.context().traceId().isEmpty() || span.context().traceId().matches("0+")) {
            return header;
        }
        TraceContext context = span.context();
        return "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }
}
