package io.fourfold.api.workflows;

import io.fourfold.api.system.RepeatingPass;
import io.fourfold.workflow.TaskWorkflows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Advances every open workflow every {@code fourfold.workflows.sweep-interval} while the api runs (unless
 * {@code fourfold.workflows.sweep=false}). Workers advance a workflow as soon as one of its steps ends; this pass moves
 * on the ones no worker could: a step cancelled while queued, dead-lettered without running, or whose worker died
 * between storing its outcome and advancing. A workflow that fails to advance is tried again on the next pass.
 */
@Component
@EnableConfigurationProperties(WorkflowProperties.class)
class WorkflowSweepLoop extends RepeatingPass {

    private static final Logger log = LoggerFactory.getLogger(WorkflowSweepLoop.class);

    private final TaskWorkflows workflows;
    private final WorkflowService service;

    WorkflowSweepLoop(TaskWorkflows workflows, WorkflowService service, WorkflowProperties properties) {
        super(properties.sweepInterval(), properties.sweepInterval(), properties.sweep(), log,
                "Open workflows cannot be read; they wait until they can", "Open workflows are read again");
        this.workflows = workflows;
        this.service = service;
    }

    /** One pass: advances every open workflow; fails only if they cannot be listed. */
    @Override
    protected Mono<Void> pass() {
        return workflows.open()
                .concatMap(id -> service.advancer().advance(id).onErrorResume(failure -> {
                    log.debug("Workflow {} stays as it is for this pass", id, failure);
                    return Mono.empty();
                }))
                .then();
    }

}
