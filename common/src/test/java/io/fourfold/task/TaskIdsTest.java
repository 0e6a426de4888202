package io.fourfold.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskIdsTest {

    @Test
    void idsAreVersion7UuidsCarryingTheTimeTheyWereMade() {
        long before = System.currentTimeMillis();
        String id = TaskIds.next();
        long after = System.currentTimeMillis();

        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(TaskIds.isValid(id)).isTrue();
        // The first 48 bits are the Unix time in milliseconds; the counter may run a little ahead within a burst.
        assertThat(uuid.getMostSignificantBits() >>> 16).isBetween(before, after + 1_000);
    }

    @Test
    void idsMadeInTheSameMillisecondStillIncrease() {
        Clock frozen = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        String previous = TaskIds.next(frozen);
        for (int i = 0; i < 10_000; i++) {
            String next = TaskIds.next(frozen);
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void otherStringsAreNotIds() {
        assertThat(TaskIds.isValid(UUID.randomUUID().toString())).isFalse();
        assertThat(TaskIds.isValid("../../etc/passwd")).isFalse();
        assertThat(TaskIds.isValid("")).isFalse();
    }
}
