package io.fourfold.task;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Task ids are version 7 UUIDs (RFC 9562): time-ordered, so "newest first" is "largest id first" in every store.
 * Within one millisecond the 12 bits after the version count up (RFC 9562, method 1), so the ids one process
 * makes are strictly increasing.
 *
 * <p>Ids are not secrets (any caller with the {@code read} role lists them): the 62 random bits only keep the ids of
 * different processes apart. They come from {@link ThreadLocalRandom}, which works in memory; a {@code SecureRandom}
 * reads {@code /dev/urandom} now and then, a file read that must not happen on the event loop (BlockHound caught it
 * in the api tests).
 */
public final class TaskIds {

    private static final Pattern FORMAT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    /** The last (millis << 12 | counter) handed out. */
    private static final AtomicLong LAST = new AtomicLong();

    private TaskIds() {
    }

    public static String next() {
        return next(Clock.systemUTC());
    }

    static String next(Clock clock) {
        long now = clock.millis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(now, last + 1));
        long msb = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0xFFF);
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    /** True for the ids this class makes; anything else cannot name a task. */
    public static boolean isValid(String id) {
        return FORMAT.matcher(id).matches();
    }
}
