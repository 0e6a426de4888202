package io.fourfold.api.system;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Writes what the configuration declares (schedules, limits) into the store when an api starts. While the store
 * cannot be reached the writes are tried again in the background, backing off up to half a minute, so an api starts
 * before its store does.
 */
public final class DeclaredWrites {

    private static final Logger log = LoggerFactory.getLogger(DeclaredWrites.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private DeclaredWrites() {
    }

    /**
     * Starts {@code writes} in the background.
     *
     * @param what     what is written, for the log: "declared schedules"
     * @param names    the names of what is written, logged once it is; nothing is logged when empty
     * @return what stops the writes (on shutdown)
     */
    public static Disposable start(Flux<?> writes, String what, Iterable<String> names) {
        return writes
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY).maxBackoff(LONGEST_RETRY)
                        .doBeforeRetry(retry -> log.warn("The {} cannot be written yet: {}", what,
                                retry.failure().toString())))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnComplete(() -> {
                    if (names.iterator().hasNext()) {
                        log.info("{} written: {}", what, names);
                    }
                })
                .subscribe();
    }
}
