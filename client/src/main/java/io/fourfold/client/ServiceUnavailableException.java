package io.fourfold.client;

/** {@code 503}: the api cannot reach its broker or store; nothing was stored. Retry after {@link #retryAfter()}. */
public final class ServiceUnavailableException extends RetryLaterException {

    ServiceUnavailableException(Problem problem) {
        super(problem);
    }
}
