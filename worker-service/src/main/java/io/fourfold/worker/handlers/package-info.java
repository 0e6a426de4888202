/**
 * The built-in task types, one per concurrency level: {@code echo} (event loop), {@code sleep} and {@code flaky}
 * (virtual threads), {@code http.get} (real IO on virtual threads, allow-listed hosts only) and {@code primes}
 * (CPU on the platform pool). Switched off with {@code fourfold.worker.built-in-handlers=false}.
 */
@NullMarked
package io.fourfold.worker.handlers;

import org.jspecify.annotations.NullMarked;
