package io.fourfold.api.system;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BlockHound runs in every api test JVM: a blocking call on a non-blocking thread fails the test that makes it. */
class EventLoopGuardTest {

    @Test
    void aBlockingCallOnANonBlockingThreadFails() {
        Mono<Long> parksOnTheParallelScheduler = Mono.delay(Duration.ofMillis(1), Schedulers.parallel())
                .doOnNext(tick -> parkBriefly());

        assertThatThrownBy(parksOnTheParallelScheduler::block).hasRootCauseInstanceOf(BlockingOperationError.class)
                .rootCause().hasMessageContaining("park");
    }

    @Test
    void blockingOffTheEventLoopIsFine() {
        Mono.fromRunnable(EventLoopGuardTest::parkBriefly).subscribeOn(Schedulers.boundedElastic()).block();
    }

    /** A blocking call, as a JDBC driver or a file read would make: it parks the calling thread for 5 ms. */
    private static void parkBriefly() {
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
}
