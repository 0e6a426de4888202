package io.fourfold.client;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The calls of {@link FourfoldClient} for code that is not reactive: each sends its request and waits for the
 * answer on the calling thread, throwing the {@link FourfoldProblemException} of an error answer. Never call these
 * on an event-loop thread (a WebFlux handler, a Reactor operator): use the reactive calls there.
 *
 * <p>Each call waits at most the client's {@link FourfoldClient.Builder#blockingTimeout(Duration)} (plus the
 * {@code wait} of {@link #submitAndWait}), then throws an {@link IllegalStateException}.
 */
public final class BlockingFourfoldClient {

    private final FourfoldClient client;
    private final Duration timeout;

    BlockingFourfoldClient(FourfoldClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** See {@link FourfoldClient#submit(TaskRequest)}. */
    public TaskView submit(TaskRequest request) {
        return submit(request, null);
    }

    /** See {@link FourfoldClient#submit(TaskRequest, String)}. */
    public TaskView submit(TaskRequest request, @Nullable String idempotencyKey) {
        return answer(client.submit(request, idempotencyKey).block(timeout));
    }

    /** See {@link FourfoldClient#submitAndWait(TaskRequest, Duration)}: terminal, or as it stood when the wait ran out. */
    public TaskView submitAndWait(TaskRequest request, Duration wait) {
        return submitAndWait(request, wait, null);
    }

    /** See {@link FourfoldClient#submitAndWait(TaskRequest, Duration, String)}. */
    public TaskView submitAndWait(TaskRequest request, Duration wait, @Nullable String idempotencyKey) {
        return answer(client.submitAndWait(request, wait, idempotencyKey).block(timeout.plus(wait)));
    }

    /** See {@link FourfoldClient#submitBatch(List)}. */
    public List<TaskView> submitBatch(List<TaskRequest> requests) {
        return submitBatch(requests, null);
    }

    /** See {@link FourfoldClient#submitBatch(List, String)}. */
    public List<TaskView> submitBatch(List<TaskRequest> requests, @Nullable String idempotencyKey) {
        return answer(client.submitBatch(requests, idempotencyKey).block(timeout));
    }

    /** See {@link FourfoldClient#get(String)}. */
    public TaskView get(String id) {
        return answer(client.get(id).block(timeout));
    }

    /** See {@link FourfoldClient#cancel(String)}. */
    public TaskView cancel(String id) {
        return answer(client.cancel(id).block(timeout));
    }

    /** See {@link FourfoldClient#list(TaskQuery)}. */
    public TaskPage list(TaskQuery query) {
        return answer(client.list(query).block(timeout));
    }

    /** See {@link FourfoldClient#taskTypes()}. */
    public List<TaskType> taskTypes() {
        return answer(client.taskTypes().block(timeout));
    }

    /** A success answer always has a body; an empty one means something between us and the api lost it. */
    private static <T> T answer(@Nullable T body) {
        if (body == null) {
            throw new IllegalStateException("The api answered without a body");
        }
        return body;
    }
}
