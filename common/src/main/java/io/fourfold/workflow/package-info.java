/**
 * Workflows: a {@link io.fourfold.workflow.Workflow} (a chain, a group with a callback, or a batch of tasks),
 * {@link io.fourfold.workflow.TaskWorkflows}, the SPI each backend implements to keep them, and the
 * {@link io.fourfold.workflow.WorkflowAdvancer} that submits each next step once its turn has come, from any process.
 */
@NullMarked
package io.fourfold.workflow;

import org.jspecify.annotations.NullMarked;
