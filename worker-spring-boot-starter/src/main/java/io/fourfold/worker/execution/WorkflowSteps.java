package io.fourfold.worker.execution;

import io.fourfold.task.TaskEnvelope;
import io.fourfold.transport.TaskOutcome;
import io.fourfold.workflow.WorkflowAdvancer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Moves a workflow on as soon as one of its steps has ended here, rather than on the api's next sweep. It runs
 * after the outcome was stored, apart from the attempt: a failure is logged and left to the sweep, and never
 * touches the task. A worker whose backend keeps no workflows has no advancer and does nothing here.
 */
final class WorkflowSteps {

    private static final Logger log = LoggerFactory.getLogger(WorkflowSteps.class);

    private final @Nullable WorkflowAdvancer advancer;

    WorkflowSteps(@Nullable WorkflowAdvancer advancer) {
        this.advancer = advancer;
    }

    /** The task's outcome has been stored: advances its workflow if it has one and the task has ended. */
    void ended(TaskEnvelope envelope, TaskOutcome outcome) {
        String workflow = envelope.workflow();
        if (advancer == null || workflow == null || outcome instanceof TaskOutcome.Retry) {
            return;
        }
        advancer.advance(workflow)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(null, failure -> log.warn("Workflow {} was not advanced after task {} ended; the api's "
                        + "sweep will: {}", workflow, envelope.taskId(), failure.toString()));
    }
}
