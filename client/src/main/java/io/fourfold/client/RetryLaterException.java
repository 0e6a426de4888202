package io.fourfold.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The api could not take the request now, but the same request should work later: nothing was stored, so it is
 * safe to send again after {@link #retryAfter()}.
 */
public abstract sealed class RetryLaterException extends FourfoldProblemException
        permits RateLimitedException, ServiceUnavailableException {

    RetryLaterException(Problem problem) {
        super(problem);
    }

    /** How long to wait before trying again, from the answer's {@code Retry-After}; empty when it gave none. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(problem().retryAfter());
    }
}
