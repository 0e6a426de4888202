package io.fourfold.client;

/** {@code 429}: a rate limit or a queue's depth limit was reached; retry after {@link #retryAfter()}. */
public final class RateLimitedException extends RetryLaterException {

    RateLimitedException(Problem problem) {
        super(problem);
    }
}
