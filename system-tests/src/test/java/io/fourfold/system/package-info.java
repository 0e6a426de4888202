/**
 * Fourfold as real processes: api-service and worker-service JVMs started from their built jars on a private
 * redis-server, with workers killed, drained and replaced while work flows; and the scripts that start them.
 */
@NullMarked
package io.fourfold.system;

import org.jspecify.annotations.NullMarked;
