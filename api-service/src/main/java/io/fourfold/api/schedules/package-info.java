/**
 * Recurring schedules: the {@code /api/schedules} endpoints, the schedules declared in configuration, and the firing
 * loop that submits each due time's task once, however many api replicas run it.
 */
@NullMarked
package io.fourfold.api.schedules;

import org.jspecify.annotations.NullMarked;
