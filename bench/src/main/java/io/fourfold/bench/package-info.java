/**
 * The benchmark harness behind {@code scripts/bench.sh}: it starts a private Redis, the services as processes and the
 * brokers' own load tools, runs each scenario a few times and writes the figures with their same-run ceilings.
 */
@NullMarked
package io.fourfold.bench;

import org.jspecify.annotations.NullMarked;
