/**
 * Submitting tasks: {@code POST /api/tasks} (with {@code ?wait=} for request/reply and {@code Idempotency-Key})
 * and {@code POST /api/tasks/batch}. Requests are validated here, payloads against the type's JSON Schema.
 */
@NullMarked
package io.fourfold.api.submission;

import org.jspecify.annotations.NullMarked;
