/**
 * worker-service: the execution engine and the built-in handlers. It never imports the api.
 */
@NullMarked
package io.fourfold.worker;

import org.jspecify.annotations.NullMarked;
