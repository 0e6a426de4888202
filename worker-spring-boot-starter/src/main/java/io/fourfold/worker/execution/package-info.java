/**
 * The execution engine and its public handler API. A handler is a bean method annotated with
 * {@link io.fourfold.worker.execution.TaskHandler}; it takes a payload record (validated with Bean Validation) and
 * optionally a {@link io.fourfold.worker.execution.TaskContext}, and returns its result. The engine runs it on the
 * executor it declares, within a slot, renews its lease, enforces its timeout, honours cancels, decides retries
 * and drains on shutdown.
 */
@NullMarked
package io.fourfold.worker.execution;

import org.jspecify.annotations.NullMarked;
