/**
 * The embedded default: api and worker in one JVM on the in-memory backend. This package only composes them.
 */
@NullMarked
package io.fourfold.standalone;

import org.jspecify.annotations.NullMarked;
