package io.fourfold.worker.execution;

import io.fourfold.task.ExecutorKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a Spring bean as the handler of a task type.
 *
 * <p>The method takes at most one payload parameter (a record with Bean Validation annotations, or
 * {@code JsonNode} for any JSON) and optionally a {@link TaskContext}, in any order. The payload JSON is read into
 * the parameter's type with the application's Jackson {@code JsonMapper} and then validated; an unreadable or
 * invalid payload fails the task at once with error type {@code VALIDATION}, without retries. The return value is
 * the task's result, written as JSON ({@code void} or {@code null}: no result). An {@link ExecutorKind#EVENT_LOOP}
 * handler returns a {@code Mono} instead and must never block.
 *
 * <p>A thrown exception fails the attempt; it is retried with backoff until {@code maxAttempts} unless it is a
 * {@link NonRetryableTaskException} or one of {@link #nonRetryable()}. The worker registers every handler's type in
 * the store at startup, with a JSON Schema of the payload generated from the parameter's type; the API validates
 * submits against it.
 *
 * <pre>{@code
 * @TaskHandler(type = "thumbnail", executor = ExecutorKind.VIRTUAL, timeout = "PT1M")
 * Thumbnail thumbnail(ThumbnailRequest request, TaskContext context) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TaskHandler {

    /** The task type, unique among all handlers of a worker, e.g. {@code "sleep"} or {@code "mail.send"}. */
    String type();

    /**
     * Where the attempts run. On {@link ExecutorKind#PROCESS} each attempt runs in a child JVM that makes the handler
     * class anew with its constructor without arguments: it gets the payload and a {@link TaskContext}, not the
     * application's beans, and reads the payload and writes the result with Jackson's defaults, not the
     * application's {@code spring.jackson.*} settings.
     */
    ExecutorKind executor() default ExecutorKind.VIRTUAL;

    /** The default attempt timeout (ISO-8601), used when a submit gives none. */
    String timeout() default "PT5M";

    /** The default number of attempts, used when a submit gives none. */
    int maxAttempts() default 3;

    /** The default queue of the type, used when a submit names none. */
    String queue() default "default";

    /** Exceptions (and their subclasses) that fail the task at once instead of being retried. */
    Class<? extends Throwable>[] nonRetryable() default {};
}
