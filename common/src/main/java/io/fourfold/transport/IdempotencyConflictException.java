package io.fourfold.transport;

/** The idempotency key was already used for a request with another body. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException(String key) {
        super("Idempotency-Key '" + key + "' was already used for a different request");
    }
}
