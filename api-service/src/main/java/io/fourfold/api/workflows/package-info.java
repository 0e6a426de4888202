/**
 * Workflows: the {@code /api/workflows} endpoints (chains, groups with a callback, batches) and the sweep that
 * advances every open workflow, so one whose step ended without a worker to move it on still goes on.
 */
@NullMarked
package io.fourfold.api.workflows;

import org.jspecify.annotations.NullMarked;
