package io.fourfold.transport.rabbit;

import io.fourfold.task.TaskEnvelope;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/** Envelopes as JSON message bodies. */
final class RabbitEnvelopeCodec {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    byte[] write(TaskEnvelope envelope) {
        return json.writeValueAsBytes(envelope);
    }

    /**
     * The envelope of a message. One that cannot be read at all becomes an envelope of an unknown schema version,
     * which a worker dead-letters with a reason instead of crashing on it.
     */
    TaskEnvelope read(byte[] body, @Nullable String messageId) {
        try {
            TaskEnvelope read = json.readValue(body, TaskEnvelope.class);
            if (read.payload() != null) {
                return read;
            }
            // JSON null reads as a Java null; the record keeps it as the null node it was submitted as.
            return new TaskEnvelope(read.schemaVersion(), read.taskId(), read.type(), read.queue(), read.priority(),
                    NullNode.getInstance(), read.maxAttempts(), read.timeout(), read.traceparent(), read.unique(),
                    read.workflow());
        } catch (JacksonException | IllegalArgumentException | NullPointerException unreadable) {
            return new TaskEnvelope(-1, messageId == null ? "" : messageId, "", "", 0, NullNode.getInstance(), 1,
                    Duration.ZERO, null);
        }
    }
}
