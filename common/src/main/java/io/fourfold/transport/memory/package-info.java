/**
 * The in-memory backend: transport and store in one JVM, for the standalone launcher and for tests. Everything
 * here is package-private; Spring finds it through {@link io.fourfold.transport.memory.InMemoryBackendAutoConfiguration}.
 */
@NullMarked
package io.fourfold.transport.memory;

import org.jspecify.annotations.NullMarked;
