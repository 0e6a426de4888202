/**
 * The backend SPI: {@link io.fourfold.transport.TaskTransport} moves tasks from submit to outcome,
 * {@link io.fourfold.transport.TaskStore} keeps records, events and the worker registry. One implementation per
 * backend, chosen by {@code fourfold.transport}; every one passes the contract suite in this module's test-jar.
 */
@NullMarked
package io.fourfold.transport;

import org.jspecify.annotations.NullMarked;
