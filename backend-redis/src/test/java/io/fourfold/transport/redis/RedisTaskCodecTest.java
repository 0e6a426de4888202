package io.fourfold.transport.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RedisTaskCodecTest {

    private final RedisTaskCodec codec = new RedisTaskCodec(new RedisKeys("p:"));
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aRecordComesBackExactlyAsItWasStored() {
        JsonNode payload = json.readTree("{\"empty\":{},\"list\":[],\"big\":12345678901234567890,\"x\":1.50}");
        NewTask task = new NewTask(TaskIds.next(), "echo", "default", 7, payload, null, 3, Duration.ofSeconds(90),
                "alice", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        TaskRecord record = TaskRecord.accepted(task, Instant.parse("2026-01-02T03:04:05.123456789Z"))
                .started("worker-1", ExecutorKind.PLATFORM, Instant.now())
                .progressed(0.3, "a third")
                .succeeded(json.readTree("{\"ok\":{},\"n\":1e3}"), Instant.now());

        assertThat(codec.record(codec.fields(record))).isEqualTo(record);
    }

    @Test
    void aChangeEventCarriesTheWholeRecord() {
        NewTask task = new NewTask(TaskIds.next(), "echo", "default", 0, json.readTree("null"), null, 1,
                Duration.ofMinutes(1), null, null);
        TaskRecord record = TaskRecord.accepted(task, Instant.now()).failed(new TaskError("Boom", "\"quoted\" / é"),
                Instant.now());
        Map<String, String> fields = codec.fields(record);

        assertThat(codec.recordFromEvent(codec.write(fields))).isEqualTo(record);
    }

    @Test
    void anUnreadableEnvelopeBecomesOneAWorkerDeadLetters() {
        assertThat(codec.envelope("{not json", "task-1").isReadable()).isFalse();
        assertThat(codec.envelope("{not json", "task-1").taskId()).isEqualTo("task-1");
    }
}
