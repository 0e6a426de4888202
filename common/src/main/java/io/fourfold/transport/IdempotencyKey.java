package io.fourfold.transport;

/**
 * An {@code Idempotency-Key} as the store keeps it.
 *
 * @param scope       whose key it is (the caller when auth is on, a single global scope when it is off)
 * @param key         the header's value
 * @param fingerprint a digest of the request body: the same key with another body is a conflict
 */
public record IdempotencyKey(String scope, String key, String fingerprint) {
}
