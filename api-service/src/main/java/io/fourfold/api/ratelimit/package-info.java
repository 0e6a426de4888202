/**
 * The per-client rate limit of {@code /api}: a token bucket per caller (Bucket4j), in memory by default, shared
 * across replicas when a backend provides a Bucket4j {@code ProxyManager}.
 */
@NullMarked
package io.fourfold.api.ratelimit;

import org.jspecify.annotations.NullMarked;
