/**
 * A typed Java client of the Fourfold HTTP API: {@link io.fourfold.client.FourfoldClient} submits, waits for,
 * follows and cancels tasks, and turns problem answers into the exceptions of this package.
 */
@NullMarked
package io.fourfold.client;

import org.jspecify.annotations.NullMarked;
