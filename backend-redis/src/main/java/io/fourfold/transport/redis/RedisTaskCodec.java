package io.fourfold.transport.redis;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskEnvelope;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Task records as Redis hashes, and the JSON parts (envelope, payload, result, registry entries). Scripts change
 * plain fields (state, fence, version, ...) and only ever copy the JSON strings, never parse them.
 */
final class RedisTaskCodec {

    static final String ENVELOPE = "envelope";
    static final String STREAM = "stream";
    static final String TYPE = "type";
    static final String QUEUE = "queue";
    static final String STATE = "state";
    static final String ATTEMPT = "attempt";
    static final String FENCE = "fence";
    static final String VERSION = "version";
    static final String SCHEMA_VERSION = "schemaVersion";
    static final String CREATED_AT = "createdAt";
    static final String RUN_AT = "runAt";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String PROGRESS = "progress";
    static final String PROGRESS_MESSAGE = "progressMessage";
    static final String RESULT = "result";
    static final String ERROR_TYPE = "errorType";
    static final String ERROR_MESSAGE = "errorMessage";
    static final String WORKER = "worker";
    static final String EXECUTOR = "executor";
    static final String CANCEL_REQUESTED = "cancelRequested";
    static final String OWNER = "owner";
    /** The unique key as a plain field, for the start script's gate; the envelope keeps it too. */
    static final String UNIQUE = "unique";

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final RedisKeys keys;

    RedisTaskCodec(RedisKeys keys) {
        this.keys = keys;
    }

    /** The hash of a new record. */
    Map<String, String> fields(TaskRecord task) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(ENVELOPE, write(task.envelope()));
        fields.put(STREAM, keys.stream(task.queue(), task.priority()));
        fields.put(TYPE, task.type());
        fields.put(QUEUE, task.queue());
        fields.put(STATE, task.state().name());
        fields.put(ATTEMPT, Integer.toString(task.attempt()));
        fields.put(FENCE, Long.toString(task.fence()));
        fields.put(VERSION, Long.toString(task.version()));
        fields.put(SCHEMA_VERSION, Integer.toString(task.schemaVersion()));
        fields.put(CREATED_AT, task.createdAt().toString());
        fields.put(RUN_AT, task.runAt().toString());
        fields.put(PROGRESS, Double.toString(task.progress()));
        fields.put(CANCEL_REQUESTED, task.cancelRequested() ? "1" : "0");
        putIfPresent(fields, STARTED_AT, task.startedAt());
        putIfPresent(fields, FINISHED_AT, task.finishedAt());
        putIfPresent(fields, PROGRESS_MESSAGE, task.progressMessage());
        putIfPresent(fields, RESULT, task.result() == null ? null : write(task.result()));
        putIfPresent(fields, WORKER, task.worker());
        putIfPresent(fields, EXECUTOR, task.executor());
        putIfPresent(fields, OWNER, task.owner());
        putIfPresent(fields, UNIQUE, task.uniqueKey());
        if (task.error() != null) {
            fields.put(ERROR_TYPE, task.error().type());
            fields.put(ERROR_MESSAGE, task.error().message());
        }
        return fields;
    }

    /** The record a hash holds; {@code null} when the hash is empty (no such task). */
    @Nullable TaskRecord record(Map<String, String> fields) {
        String envelopeJson = fields.get(ENVELOPE);
        if (envelopeJson == null) {
            return null;
        }
        TaskEnvelope envelope = envelope(envelopeJson);
        String errorType = fields.get(ERROR_TYPE);
        String executor = fields.get(EXECUTOR);
        String result = fields.get(RESULT);
        return new TaskRecord(envelope.taskId(), envelope.type(), envelope.queue(), envelope.priority(),
                envelope.payload(), TaskState.valueOf(fields.get(STATE)), Integer.parseInt(fields.get(ATTEMPT)),
                envelope.maxAttempts(), envelope.timeout(), Instant.parse(fields.get(CREATED_AT)),
                Instant.parse(fields.get(RUN_AT)), instant(fields.get(STARTED_AT)), instant(fields.get(FINISHED_AT)),
                Double.parseDouble(fields.get(PROGRESS)), fields.get(PROGRESS_MESSAGE),
                result == null ? null : json.readTree(result),
                errorType == null ? null : new TaskError(errorType, fields.getOrDefault(ERROR_MESSAGE, "")),
                fields.get(WORKER), executor == null ? null : ExecutorKind.valueOf(executor),
                Long.parseLong(fields.get(FENCE)), "1".equals(fields.get(CANCEL_REQUESTED)), fields.get(OWNER),
                envelope.traceparent(), envelope.unique(), envelope.workflow(), Long.parseLong(fields.get(VERSION)),
                Integer.parseInt(fields.get(SCHEMA_VERSION)));
    }

    /** The record a change event carries: the whole hash as a JSON object of strings. */
    @Nullable TaskRecord recordFromEvent(String event) {
        return record(json.readValue(event, FIELDS));
    }

    /**
     * The envelope of a stream entry. One that cannot be read at all becomes an envelope of an unknown schema
     * version, which a worker dead-letters with a reason instead of crashing on it.
     */
    TaskEnvelope envelope(String envelopeJson, String taskId) {
        try {
            return envelope(envelopeJson);
        } catch (JacksonException | IllegalArgumentException unreadable) {
            return new TaskEnvelope(-1, taskId, "", "", 0, NullNode.getInstance(), 1, Duration.ZERO, null);
        }
    }

    private TaskEnvelope envelope(String envelopeJson) {
        TaskEnvelope read = json.readValue(envelopeJson, TaskEnvelope.class);
        if (read.payload() != null) {
            return read;
        }
        // JSON null reads as a Java null; the record keeps it as the null node it was submitted as.
        return new TaskEnvelope(read.schemaVersion(), read.taskId(), read.type(), read.queue(), read.priority(),
                NullNode.getInstance(), read.maxAttempts(), read.timeout(), read.traceparent(), read.unique(),
                read.workflow());
    }

    String write(Object value) {
        return json.writeValueAsString(value);
    }

    <T> T read(String value, Class<T> type) {
        return json.readValue(value, type);
    }

    private static void putIfPresent(Map<String, String> fields, String name, @Nullable Object value) {
        if (value != null) {
            fields.put(name, value.toString());
        }
    }

    private static @Nullable Instant instant(@Nullable String value) {
        return value == null ? null : Instant.parse(value);
    }
}
