/**
 * What makes a running engine a worker: its settings ({@link io.fourfold.worker.system.WorkerProperties}), its
 * identity, and its entry in the store's worker registry, refreshed by a heartbeat.
 */
@NullMarked
package io.fourfold.worker.system;

import org.jspecify.annotations.NullMarked;
