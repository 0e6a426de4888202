/**
 * Reading and steering submitted tasks: one task, the paged list, its event stream (SSE) and cancel. Also the
 * task view that every endpoint answers with.
 */
@NullMarked
package io.fourfold.api.status;

import org.jspecify.annotations.NullMarked;
