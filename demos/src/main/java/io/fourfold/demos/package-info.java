/**
 * What the {@code demos/} scripts run besides the Fourfold services (see {@code docs/four-levels.md}):
 * {@link io.fourfold.demos.LoopBlockingDemo}, a WebFlux app whose handler blocks either its event loop (the mistake)
 * or a thread off the loop (the fix), measured from outside; and {@link io.fourfold.demos.CallCounter}, a slow local
 * service that counts how often each task called it, so a demo can count the tasks that ran twice.
 */
@NullMarked
package io.fourfold.demos;

import org.jspecify.annotations.NullMarked;
