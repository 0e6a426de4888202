/**
 * api-service: the reactive HTTP API over the task store and transport. It never blocks the event loop and never
 * imports the worker.
 */
@NullMarked
package io.fourfold.api;

import org.jspecify.annotations.NullMarked;
