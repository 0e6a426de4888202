package io.fourfold.transport.redis;

import io.fourfold.task.NewTask;
import io.fourfold.task.TaskState;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.Workflow;
import io.fourfold.workflow.WorkflowKind;
import io.fourfold.workflow.WorkflowState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workflows in the Redis store, for the Redis transport and for a foreign broker alike: each a hash under
 * {@code workflow:{id}} whose definition (kind, steps, callback) is JSON written once, beside the plain fields that
 * change (state, submitted count, result, finished at), which scripts change without ever parsing the JSON. An index
 * by creation time lists them, a set holds the open ones; a finished one expires after {@code fourfold.store.retention}.
 * Public so that a foreign broker's tests can keep workflows in the Redis store as its auto-configuration does.
 */
public final class RedisTaskWorkflows implements TaskWorkflows {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /**
     * Reader and writer made once, which resolves their (de)serializers here: made on first use, they take a lock
     * that an event-loop thread must not wait for.
     */
    private static final ObjectReader READER = JSON.readerFor(Definition.class);
    private static final ObjectWriter WRITER = JSON.writerFor(Definition.class);
    private static final ObjectReader RESULT = JSON.readerFor(JsonNode.class);

    private final RedisTaskStore store;
    private final RedisKeys keys;
    private final RedisScripts scripts;

    public RedisTaskWorkflows(RedisTaskStore store) {
        this.store = store;
        this.keys = store.keys();
        this.scripts = store.scripts();
    }

    /** What never changes of a workflow, stored as JSON. */
    private record Definition(String id, WorkflowKind kind, List<NewTask> steps, @Nullable NewTask callback,
            Instant createdAt, @Nullable String owner) {
    }

    @Override
    public Mono<Void> create(Workflow workflow) {
        Definition definition = new Definition(workflow.id(), workflow.kind(), workflow.steps(), workflow.callback(),
                workflow.createdAt(), workflow.owner());
        return scripts.workflowCreate.number(
                        List.of(keys.workflow(workflow.id()), keys.workflows(), keys.openWorkflows()),
                        List.of(WRITER.writeValueAsString(definition),
                                Long.toString(workflow.createdAt().toEpochMilli()), workflow.id()))
                .then()
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Workflow> find(String id) {
        return store.redis().<String, String>opsForHash().entries(keys.workflow(id))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(fields -> fields.containsKey("definition"))
                .map(RedisTaskWorkflows::workflow)
                .onErrorMap(store::translate);
    }

    private static Workflow workflow(Map<String, String> fields) {
        Definition definition = READER.readValue(fields.get("definition"));
        String result = fields.get("result");
        String finishedAt = fields.get("finishedAt");
        return new Workflow(definition.id(), definition.kind(), definition.steps(), definition.callback(),
                Integer.parseInt(fields.get("submitted")), WorkflowState.valueOf(fields.get("state")),
                result == null ? null : RESULT.readValue(result), definition.createdAt(),
                finishedAt == null ? null : Instant.ofEpochMilli(Long.parseLong(finishedAt)), definition.owner());
    }

    @Override
    public Flux<Workflow> list(int limit) {
        return scripts.workflowList.strings(List.of(keys.workflows()),
                        List.of(keys.workflowPrefix(), Integer.toString(limit)))
                .flatMapMany(Flux::fromIterable)
                .flatMapSequential(this::find)
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Boolean> markSubmitted(String id, int count) {
        return scripts.workflowSubmitted.number(List.of(keys.workflow(id)), List.of(Integer.toString(count)))
                .map(marked -> marked == 1)
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Boolean> finish(String id, WorkflowState state, @Nullable JsonNode result, Instant now) {
        return scripts.workflowFinish.number(List.of(keys.workflow(id), keys.openWorkflows()),
                        List.of(state.name(), result == null ? "" : JSON.writeValueAsString(result),
                                Long.toString(now.toEpochMilli()),
                                Long.toString(store.retentionOf(TaskState.SUCCEEDED).toMillis()), id))
                .map(finished -> finished == 1)
                .onErrorMap(store::translate);
    }

    @Override
    public Flux<String> open() {
        return store.redis().opsForSet().members(keys.openWorkflows()).onErrorMap(store::translate);
    }
}
