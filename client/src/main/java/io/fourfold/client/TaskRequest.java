package io.fourfold.client;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task to submit. Start from {@link #of(String, Object)} and add what you need:
 * <pre>{@code
 * TaskRequest.of("thumbnail", new Thumbnail(url, 128)).withPriority(5).withDelay(Duration.ofMinutes(1))
 * }</pre>
 * Everything but the type is optional; what is left out takes the task type's default, else the api's. Times are
 * sent as ISO-8601 text whatever the client's mapper is configured to do with them.
 *
 * @param type        the task type; must be known to the api (see {@link FourfoldClient#taskTypes()})
 * @param payload     the handler's input, any object the client's Jackson mapper can write; null sends none ({@code {}})
 * @param queue       the queue, {@code [a-zA-Z0-9._-]{1,64}}
 * @param priority    0 to 9, higher runs sooner
 * @param delay       run no sooner than this long from now; not with {@code runAt}
 * @param runAt       run no sooner than this instant; not with {@code delay}
 * @param maxAttempts attempts before the task fails for good
 * @param timeout     the timeout of each attempt
 * @param unique      unique by a key while under way (see {@link #withUnique})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskRequest(
        String type,
        @Nullable Object payload,
        @Nullable String queue,
        @Nullable Integer priority,
        @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Duration delay,
        @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Instant runAt,
        @Nullable Integer maxAttempts,
        @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Duration timeout,
        @Nullable Unique unique) {

    public TaskRequest {
        Objects.requireNonNull(type, "type");
    }

    /** A request that is not unique (the constructor of earlier versions). */
    public TaskRequest(String type, @Nullable Object payload, @Nullable String queue, @Nullable Integer priority,
            @Nullable Duration delay, @Nullable Instant runAt, @Nullable Integer maxAttempts,
            @Nullable Duration timeout) {
        this(type, payload, queue, priority, delay, runAt, maxAttempts, timeout, null);
    }

    /** A task of this type with this payload, everything else defaulted. */
    public static TaskRequest of(String type, @Nullable Object payload) {
        return new TaskRequest(type, payload, null, null, null, null, null, null, null);
    }

    /** A task of this type with an empty payload. */
    public static TaskRequest of(String type) {
        return of(type, null);
    }

    /** This request with another payload. */
    public TaskRequest withPayload(@Nullable Object payload) {
        return new TaskRequest(type, payload, queue, priority, delay, runAt, maxAttempts, timeout, unique);
    }

    /** This request in the given queue. */
    public TaskRequest withQueue(String queue) {
        return new TaskRequest(type, payload, queue, priority, delay, runAt, maxAttempts, timeout, unique);
    }

    /** This request with a priority from 0 to 9, higher runs sooner. */
    public TaskRequest withPriority(int priority) {
        return new TaskRequest(type, payload, queue, priority, delay, runAt, maxAttempts, timeout, unique);
    }

    /** This request run no sooner than {@code delay} from when the api accepts it (and no longer at a {@code runAt}). */
    public TaskRequest withDelay(Duration delay) {
        return new TaskRequest(type, payload, queue, priority, delay, null, maxAttempts, timeout, unique);
    }

    /** This request run no sooner than {@code runAt} (and no longer after a {@code delay}). */
    public TaskRequest withRunAt(Instant runAt) {
        return new TaskRequest(type, payload, queue, priority, null, runAt, maxAttempts, timeout, unique);
    }

    /** This request with at most {@code maxAttempts} attempts. */
    public TaskRequest withMaxAttempts(int maxAttempts) {
        return new TaskRequest(type, payload, queue, priority, delay, runAt, maxAttempts, timeout, unique);
    }

    /** This request with {@code timeout} for each attempt. */
    public TaskRequest withTimeout(Duration timeout) {
        return new TaskRequest(type, payload, queue, priority, delay, runAt, maxAttempts, timeout, unique);
    }

    /**
     * This request unique by {@code key} while a task with it is under way: a second one is not made while one is
     * queued or running, and the api answers with that one instead (its id is not the one a new task would have).
     */
    public TaskRequest withUnique(String key) {
        return withUnique(key, Unique.Mode.DROP);
    }

    /** This request unique by {@code key}, with what happens to a second one while one is under way. */
    public TaskRequest withUnique(String key, Unique.Mode mode) {
        return new TaskRequest(type, payload, queue, priority, delay, runAt, maxAttempts, timeout,
                new Unique(key, mode));
    }

    /** A unique key, {@code [a-zA-Z0-9._:/-]{1,200}}, and what happens to a second task with it. */
    public record Unique(String key, Mode mode) {

        public Unique {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(mode, "mode");
        }

        public enum Mode {
            /** The second task is not made while one with the key is queued, scheduled, running or retrying. */
            DROP,
            /**
             * The second task is not made while one with the key has not started; while one runs, it is made and
             * starts after that one ends.
             */
            TRAILING
        }
    }
}
