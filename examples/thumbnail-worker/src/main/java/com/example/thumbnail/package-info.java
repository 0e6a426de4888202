/**
 * The thumbnail worker: an application of its own that serves the {@code thumbnail} task type through the
 * Fourfold worker starter.
 */
@NullMarked
package com.example.thumbnail;

import org.jspecify.annotations.NullMarked;
