/**
 * The consumer loop: takes deliveries from the transport, never more than the free slots, turns away what cannot
 * run (unreadable, poison, unknown type) into the dead-letter queue, and hands the rest to the execution engine.
 */
@NullMarked
package io.fourfold.worker.consumption;

import org.jspecify.annotations.NullMarked;
