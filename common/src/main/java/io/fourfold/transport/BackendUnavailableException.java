package io.fourfold.transport;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The broker or the store cannot take the request now; nothing of it was stored. The client may retry later. */
public class BackendUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public BackendUnavailableException(String message, Duration retryAfter, @Nullable Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
