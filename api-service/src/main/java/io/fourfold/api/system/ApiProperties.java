package io.fourfold.api.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the HTTP API. The defaults live here, not in a yml file, so they hold wherever the api runs
 * (standalone brings its own application.yml).
 *
 * @param maxRequestSize     largest request body accepted; larger bodies are answered with {@code 413}
 * @param maxPayloadSize     largest {@code payload} of one task, measured as compact JSON; larger is a {@code 413}
 * @param batchLimit         most tasks in one {@code POST /api/tasks/batch}
 * @param maxWait            longest {@code ?wait=} a client may ask for
 * @param taskTypes          task types known even before any worker registered them (names only, no schema)
 * @param defaultQueue       queue of a task whose request and type registration name none
 * @param defaultMaxAttempts attempts of a task whose request and type registration give none
 * @param maxAttemptsLimit   most attempts a request may ask for
 * @param defaultTimeout     attempt timeout of a task whose request and type registration give none
 * @param maxTimeout         longest attempt timeout a request may ask for
 * @param maxDelay           furthest into the future a task may be scheduled ({@code delay} or {@code runAt})
 * @param defaultPageSize    tasks per page of {@code GET /api/tasks} when {@code limit} is not given
 * @param maxPageSize        largest {@code limit} of {@code GET /api/tasks}
 * @param eventHeartbeat     how often an idle event stream sends a comment, so proxies keep it open
 * @param json               limits of the JSON parser for request bodies
 * @param queueLimits        most ready tasks per queue, by queue name: a submit to a queue that holds that many or
 *                           more is answered {@code 429} with {@code Retry-After}. The depth is read at most a second
 *                           before, so a burst can overshoot by what arrives within that second. Queues not named
 *                           have no limit
 */
@Validated
@ConfigurationProperties("fourfold.api")
public record ApiProperties(
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("512KB") DataSize maxPayloadSize,
        @DefaultValue("1000") @Min(1) int batchLimit,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue List<String> taskTypes,
        @DefaultValue("default") @NotBlank String defaultQueue,
        @DefaultValue("3") @Min(1) int defaultMaxAttempts,
        @DefaultValue("100") @Min(1) int maxAttemptsLimit,
        @DefaultValue("5m") Duration defaultTimeout,
        @DefaultValue("24h") Duration maxTimeout,
        @DefaultValue("365d") Duration maxDelay,
        @DefaultValue("50") @Min(1) int defaultPageSize,
        @DefaultValue("500") @Min(1) int maxPageSize,
        @DefaultValue("15s") Duration eventHeartbeat,
        @DefaultValue @Valid Json json,
        @DefaultValue Map<String, @Positive Long> queueLimits) {

    public ApiProperties {
        queueLimits = Map.copyOf(queueLimits);
    }

    /**
     * Limits of the JSON parser for request bodies (Jackson's {@code StreamReadConstraints}).
     *
     * @param maxNestingDepth deepest nesting of objects and arrays
     * @param maxStringLength longest string value, in characters
     * @param maxNumberLength longest number, in characters
     * @param maxNameLength   longest property name, in characters
     */
    public record Json(
            @DefaultValue("64") @Min(1) @Max(1000) int maxNestingDepth,
            @DefaultValue("1048576") @Min(1) int maxStringLength,
            @DefaultValue("100") @Min(1) int maxNumberLength,
            @DefaultValue("1000") @Min(1) int maxNameLength) {
    }
}
