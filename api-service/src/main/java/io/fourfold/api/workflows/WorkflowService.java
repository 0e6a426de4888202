package io.fourfold.api.workflows;

import io.fourfold.api.security.Caller;
import io.fourfold.api.submission.TaskRequest;
import io.fourfold.api.submission.TaskSubmissionService;
import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.ApiProperties;
import io.fourfold.api.system.FieldError;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.Workflow;
import io.fourfold.workflow.WorkflowAdvancer;
import io.fourfold.workflow.WorkflowKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Checks a workflow request as a batch submit would, keeps the workflow through the backend's {@link TaskWorkflows}
 * and submits its first steps; reads workflows with the records of their tasks, and cancels them.
 */
@Service
class WorkflowService {

    private static final Logger log = LoggerFactory.getLogger(WorkflowService.class);

    private final TaskWorkflows workflows;
    private final TaskStore store;
    private final TaskSubmissionService submissions;
    private final ApiProperties properties;
    private final WorkflowAdvancer advancer;
    private final Clock clock = Clock.systemUTC();

    WorkflowService(TaskWorkflows workflows, TaskStore store, TaskTransport transport,
            TaskSubmissionService submissions, ApiProperties properties) {
        this.workflows = workflows;
        this.store = store;
        this.submissions = submissions;
        this.properties = properties;
        this.advancer = new WorkflowAdvancer(workflows, store, transport, clock);
    }

    WorkflowAdvancer advancer() {
        return advancer;
    }

    /**
     * Creates the workflow and submits its first steps. When that submit fails, the workflow stands all the same and
     * the sweep submits them: the client has its workflow either way and must not create it again.
     */
    Mono<WorkflowView> create(WorkflowRequest request, @Nullable String traceparent, Caller caller) {
        return Mono.fromCallable(() -> kind(request))
                .flatMap(kind -> {
                    List<@Nullable TaskRequest> tasks = request.tasks() == null ? List.of() : request.tasks();
                    List<@Nullable TaskRequest> items = new ArrayList<>(tasks);
                    if (request.callback() != null) {
                        items.add(request.callback());
                    }
                    int members = tasks.size();
                    return submissions.prepare(items, i -> i < members ? "tasks[" + i + "]." : "callback.",
                                    i -> !takesInput(kind, i, members, items.get(i)), traceparent, caller)
                            .map(prepared -> workflow(kind, items, prepared, members, caller));
                })
                .flatMap(workflow -> workflows.create(workflow)
                        .then(advancer.advance(workflow.id()).onErrorResume(failure -> {
                            log.warn("Workflow {} was created, its first steps not submitted yet; the sweep will: {}",
                                    workflow.id(), failure.toString());
                            return Mono.empty();
                        }))
                        .then(get(workflow.id())));
    }

    /** The workflow with the records of its tasks, or a {@code 404}. */
    Mono<WorkflowView> get(String id) {
        return existing(id).flatMap(this::view);
    }

    /** The newest workflows, newest first. */
    Flux<WorkflowView> list(int limit) {
        return workflows.list(limit).flatMapSequential(this::view, 4);
    }

    /** Cancels the workflow if {@code caller} may (its owner or an admin), or answers why not. */
    Mono<WorkflowView> cancel(String id, Caller caller) {
        return existing(id)
                .flatMap(workflow -> {
                    if (!caller.mayCancelTaskOf(workflow.owner())) {
                        return Mono.error(ApiProblem.notYourWorkflow(id));
                    }
                    return advancer.cancel(id);
                })
                .flatMap(cancelled -> existing(id).map(workflow -> {
                    if (!cancelled) {
                        throw ApiProblem.workflowFinished(id, workflow.state().name());
                    }
                    return workflow;
                }))
                .flatMap(this::view);
    }

    /** A malformed id cannot name a workflow, so it is a 404 like any unknown id, without asking the store. */
    private Mono<Workflow> existing(String id) {
        return Mono.just(id)
                .filter(TaskIds::isValid)
                .flatMap(workflows::find)
                .switchIfEmpty(Mono.error(() -> ApiProblem.workflowNotFound(id)));
    }

    private Mono<WorkflowView> view(Workflow workflow) {
        return Flux.fromIterable(workflow.tasks().subList(0, workflow.submitted()))
                .flatMapSequential(task -> store.find(task.id()).map(Optional::of).defaultIfEmpty(Optional.empty()), 16)
                .collectList()
                .map(records -> WorkflowView.of(workflow, records));
    }

    /** The kind, or a {@code 400} naming every wrong field of the request's shape. */
    private WorkflowKind kind(WorkflowRequest request) {
        List<FieldError> errors = new ArrayList<>();
        @Nullable WorkflowKind kind = null;
        if (request.kind() == null) {
            errors.add(new FieldError("kind", "is required: CHAIN, GROUP or BATCH"));
        } else {
            try {
                kind = WorkflowKind.valueOf(request.kind().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                errors.add(new FieldError("kind", "must be CHAIN, GROUP or BATCH"));
            }
        }
        int count = request.tasks() == null ? 0 : request.tasks().size();
        if (count == 0) {
            errors.add(new FieldError("tasks", "needs at least one task"));
        } else if (count > properties.batchLimit()) {
            errors.add(new FieldError("tasks", "takes at most " + properties.batchLimit()
                    + " tasks (fourfold.api.batch-limit); this one has " + count));
        }
        if (kind == WorkflowKind.GROUP && request.callback() == null) {
            errors.add(new FieldError("callback", "is required for a GROUP (a group without a callback is a BATCH)"));
        } else if (kind != null && kind != WorkflowKind.GROUP && request.callback() != null) {
            errors.add(new FieldError("callback", "only a GROUP has a callback, not a " + kind));
        }
        // A step is made once, by its workflow, under an id the workflow holds: no task may stand for it.
        for (int i = 0; i < count; i++) {
            TaskRequest task = request.tasks().get(i);
            if (task != null && task.unique() != null) {
                errors.add(new FieldError("tasks[" + i + "].unique", "is not taken in a workflow"));
            }
        }
        if (request.callback() != null && request.callback().unique() != null) {
            errors.add(new FieldError("callback.unique", "is not taken in a workflow"));
        }
        if (kind == null || !errors.isEmpty()) {
            throw ApiProblem.invalid(errors.getFirst().field() + ": " + errors.getFirst().message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
        return kind;
    }

    /**
     * Whether item {@code i} takes its input when it is submitted: a chain's step after the first, or a group's
     * callback, given without a payload. Its payload is not checked against its type's schema now; the worker
     * checks what it is given.
     */
    private static boolean takesInput(WorkflowKind kind, int i, int members, @Nullable TaskRequest item) {
        boolean noPayload = item != null && (item.payload() == null || item.payload().isNull());
        return noPayload && switch (kind) {
            case CHAIN -> i > 0;
            case GROUP -> i == members;
            case BATCH -> false;
        };
    }

    private Workflow workflow(WorkflowKind kind, List<@Nullable TaskRequest> items, List<NewTask> prepared,
            int members, Caller caller) {
        String id = TaskIds.next();
        List<NewTask> tasks = new ArrayList<>(prepared.size());
        for (int i = 0; i < prepared.size(); i++) {
            NewTask task = prepared.get(i);
            JsonNode payload = takesInput(kind, i, members, items.get(i)) ? NullNode.getInstance() : task.payload();
            tasks.add(new NewTask(task.id(), task.type(), task.queue(), task.priority(), payload, task.runAt(),
                    task.maxAttempts(), task.timeout(), task.owner(), task.traceparent(), task.unique(), id));
        }
        return Workflow.created(id, kind, tasks.subList(0, members), members < tasks.size() ? tasks.getLast() : null,
                clock.instant(), caller.owner());
    }
}
