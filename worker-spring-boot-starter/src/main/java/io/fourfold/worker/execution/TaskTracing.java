package io.fourfold.worker.execution;

import io.fourfold.task.TaskEnvelope;
import io.fourfold.transport.TaskOutcome;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Continues the submitter's trace in the worker and puts the task on every log line about it. Each attempt gets a
 * span whose parent is the envelope's W3C {@code traceparent} (a new trace when there is none); while the handler
 * runs, and around the engine's own log lines for the task, the MDC holds {@code taskId}, {@code traceId} and
 * {@code spanId}. Without a tracer (tracing switched off) the trace id still comes from the {@code traceparent}.
 */
public final class TaskTracing {

    private static final String TASK_ID = "taskId";
    private static final String TRACE_ID = "traceId";
    private static final String SPAN_ID = "spanId";
    private static final String TRACEPARENT = "traceparent";
    private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Tracer tracer;
    private final Propagator propagator;

    TaskTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Starts the span of one attempt of the task, as a child of the submitter's span. */
    TaskSpan start(TaskEnvelope envelope, String executor) {
        Span span = propagator.extract(envelope, (carrier, key) -> TRACEPARENT.equals(key)
                        ? carrier.traceparent() : null)
                .name("fourfold.task " + envelope.type())
                .kind(Span.Kind.CONSUMER)
                .tag("fourfold.task.id", envelope.taskId())
                .tag("fourfold.task.type", envelope.type())
                .tag("fourfold.queue", envelope.queue())
                .tag("fourfold.executor", executor)
                .start();
        return new TaskSpan(span, envelope);
    }

    /**
     * The MDC of a log line about a task that runs no span here (yet): its id and the submitter's trace id. Close it
     * (try-with-resources) right after logging.
     */
    public static Scope logContext(TaskEnvelope envelope) {
        return mdc(envelope.taskId(), traceId(envelope.traceparent()), null);
    }

    private static Scope mdc(String taskId, @Nullable String traceId, @Nullable String spanId) {
        String[] previous = {MDC.get(TASK_ID), MDC.get(TRACE_ID), MDC.get(SPAN_ID)};
        put(TASK_ID, taskId);
        put(TRACE_ID, traceId);
        put(SPAN_ID, spanId);
        return () -> {
            put(TASK_ID, previous[0]);
            put(TRACE_ID, previous[1]);
            put(SPAN_ID, previous[2]);
        };
    }

    private static void put(String key, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** The trace id in a W3C {@code traceparent}, or {@code null}. */
    static @Nullable String traceId(@Nullable String traceparent) {
        if (traceparent == null) {
            return null;
        }
        Matcher matcher = W3C.matcher(traceparent);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** What {@link #logContext} and {@link TaskSpan#inScope} return: closing it restores the MDC as it was. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** One attempt's span. */
    final class TaskSpan {

        private final Span span;
        private final TaskEnvelope envelope;

        private TaskSpan(Span span, TaskEnvelope envelope) {
            this.span = span;
            this.envelope = envelope;
        }

        /** Makes the span current on this thread and fills the MDC; close it on the same thread. */
        Scope inScope() {
            Tracer.SpanInScope scope = tracer.withSpan(span);
            Scope mdc = logContext();
            return () -> {
                mdc.close();
                scope.close();
            };
        }

        /** Fills the MDC with the task and this span, for a log line on a thread where the span is not current. */
        Scope logContext() {
            String traceId = span.context().traceId();
            return traceId.isEmpty()
                    ? TaskTracing.logContext(envelope)
                    : mdc(envelope.taskId(), traceId, span.context().spanId());
        }

        /** Ends the span with the attempt's outcome; a failure marks it as an error. */
        void end(@Nullable TaskOutcome outcome) {
            switch (outcome) {
                case TaskOutcome.Failed failed -> span.tag("fourfold.outcome", "failed")
                        .error(new TaskFailure(failed.error().type(), failed.error().message()));
                case TaskOutcome.Retry retry -> span.tag("fourfold.outcome", "retried")
                        .error(new TaskFailure(retry.error().type(), retry.error().message()));
                case TaskOutcome.Succeeded succeeded -> span.tag("fourfold.outcome", "succeeded");
                case TaskOutcome.Cancelled cancelled -> span.tag("fourfold.outcome", "cancelled");
                case null -> span.tag("fourfold.outcome", "handed-back");
            }
            span.end();
        }
    }

    /** What a span records as the error of a failed attempt: the task error, not a stack trace. */
    private static final class TaskFailure extends RuntimeException {

        TaskFailure(String type, String message) {
            super(type + ": " + message, null, false, false);
        }
    }
}
