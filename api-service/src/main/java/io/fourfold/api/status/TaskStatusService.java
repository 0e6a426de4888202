package io.fourfold.api.status;

import io.fourfold.api.security.Caller;
import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.ApiProperties;
import io.fourfold.api.system.FieldError;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.CancelResult;
import io.fourfold.transport.TaskQuery;
import io.fourfold.transport.TaskStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads tasks from the store and asks it to cancel them; unknown ids become {@code 404} problems here. */
@Service
class TaskStatusService {

    static final String EVENT_NAME = "task";

    private final TaskStore store;
    private final ApiProperties properties;

    TaskStatusService(TaskStore store, ApiProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    Mono<TaskView> find(String id) {
        return existing(id).map(TaskView::of);
    }

    Mono<TaskListView> list(@Nullable String state, @Nullable String type, @Nullable String queue,
            @Nullable String limit, @Nullable String cursor) {
        return Mono.fromCallable(() -> query(state, type, queue, limit, cursor))
                .flatMap(store::list)
                .map(page -> new TaskListView(page.tasks().stream().map(TaskView::of).toList(), page.nextCursor()));
    }

    /**
     * The task's events. Whether the task exists is decided before the stream starts, so an unknown id is a plain
     * {@code 404} problem and not an empty stream.
     */
    Mono<Flux<ServerSentEvent<TaskView>>> events(String id) {
        return existing(id).map(found -> {
            Flux<ServerSentEvent<TaskView>> changes = store.follow(id).map(task -> ServerSentEvent.builder(TaskView.of(task))
                    .id(Long.toString(task.version()))
                    .event(EVENT_NAME)
                    .build());
            Flux<ServerSentEvent<TaskView>> heartbeats = Flux.interval(properties.eventHeartbeat())
                    .map(tick -> ServerSentEvent.<TaskView>builder().comment("keep-alive").build());
            return changes.publish(shared -> Flux.merge(shared, heartbeats.takeUntilOther(shared.then())));
        });
    }

    /** Cancels the task if {@code caller} may: its owner or an admin; anyone while auth is off. */
    Mono<TaskView> cancel(String id, Caller caller) {
        return existing(id)
                .filter(task -> caller.mayCancelTaskOf(task.owner()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notYourTask(id)))
                .flatMap(task -> store.cancel(id))
                .switchIfEmpty(Mono.error(() -> ApiProblem.taskNotFound(id)))
                .map(result -> {
                    if (result.outcome() == CancelResult.Outcome.ALREADY_FINISHED) {
                        throw ApiProblem.alreadyFinished(id, result.task().state().name());
                    }
                    return TaskView.of(result.task());
                });
    }

    /** A malformed id cannot name a task, so it is a 404 like any unknown id, without asking the store. */
    private Mono<TaskRecord> existing(String id) {
        return Mono.just(id)
                .filter(TaskIds::isValid)
                .flatMap(store::find)
                .switchIfEmpty(Mono.error(() -> ApiProblem.taskNotFound(id)));
    }

    private TaskQuery query(@Nullable String state, @Nullable String type, @Nullable String queue,
            @Nullable String limit, @Nullable String cursor) {
        List<FieldError> errors = new ArrayList<>();
        TaskState parsedState = null;
        if (state != null) {
            try {
                parsedState = TaskState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                errors.add(new FieldError("state", "must be one of " + Arrays.toString(TaskState.values())));
            }
        }
        int pageSize = properties.defaultPageSize();
        if (limit != null) {
            try {
                pageSize = Integer.parseInt(limit);
            } catch (NumberFormatException notANumber) {
                pageSize = -1;
            }
            if (pageSize < 1 || pageSize > properties.maxPageSize()) {
                errors.add(new FieldError("limit", "must be a whole number from 1 to " + properties.maxPageSize()));
            }
        }
        if (cursor != null && !TaskIds.isValid(cursor)) {
            errors.add(new FieldError("cursor", "must be the nextCursor of a previous page (a task id)"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("Invalid query parameters", errors);
        }
        return new TaskQuery(parsedState, type, queue, pageSize, cursor);
    }
}
