package io.fourfold.worker;


import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.SubmitRequest;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** Submits tasks straight to a transport, as the API would, and waits for their states in the store. */
public final class Tasks {

    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final TaskTransport transport;
    private final TaskStore store;
    private final JsonMapper mapper = JsonMapper.builder().build();

    public Tasks(TaskTransport transport, TaskStore store) {
        this.transport = transport;
        this.store = store;
    }

    public String submit(String type, String payload) {
        return submit(type, payload, 3, Duration.ofMinutes(5), null, "default");
    }

    public String submit(String type, String payload, int maxAttempts, Duration timeout, @Nullable Instant runAt,
            String queue) {
        NewTask task = new NewTask(TaskIds.next(), type, queue, 0, mapper.readTree(payload), runAt, maxAttempts,
                timeout, null, null);
        transport.submit(new SubmitRequest(List.of(task), null)).block();
        return task.id();
    }

    public TaskRecord find(String id) {
        return Objects.requireNonNull(store.find(id).block());
    }

    public TaskRecord awaitState(String id, TaskState state) {
        return awaitState(id, state, PATIENCE);
    }

    public TaskRecord awaitState(String id, TaskState state, Duration atMost) {
        return Awaitility.await().atMost(atMost).until(() -> find(id), task -> task.state() == state);
    }

    /** Every state the task passes through from now until it finishes. */
    public List<TaskState> statesUntilFinished(String id) {
        return Objects.requireNonNull(store.follow(id).map(TaskRecord::state).collectList().block(PATIENCE));
    }
}
