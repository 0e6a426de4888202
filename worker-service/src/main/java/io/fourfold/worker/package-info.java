/**
 * worker-service: the worker starter (the engine, in {@code fourfold-worker-spring-boot-starter}) plus the built-in
 * handlers, as one process. It holds no engine code of its own and never imports the api.
 */
@NullMarked
package io.fourfold.worker;

import org.jspecify.annotations.NullMarked;
