package io.fourfold.limit;

/**
 * A type's limits with how many of its tasks run now, as the store counts them for the concurrency limit.
 *
 * @param running tasks of the type that hold a concurrency slot now (0 when it has no concurrency limit)
 */
public record TypeLimitUsage(TypeLimits limits, long running) {
}
