package io.fourfold.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class ScheduleTest {

    private static final ScheduledTask TASK = new ScheduledTask("echo", JsonNodeFactory.instance.objectNode(), null,
            null, null, null);

    private static Schedule schedule(@Nullable String cron, @Nullable Duration every, ZoneId zone) {
        return new Schedule("s", cron, every, zone, MissedRunPolicy.SKIP, TASK);
    }

    @Test
    void anIntervalIsDueOnItsMultiplesSinceTheEpoch() {
        Schedule hourly = schedule(null, Duration.ofHours(1), ZoneOffset.UTC);

        assertThat(hourly.nextAfter(Instant.parse("2030-01-01T09:20:00Z"), 3)).containsExactly(
                Instant.parse("2030-01-01T10:00:00Z"), Instant.parse("2030-01-01T11:00:00Z"),
                Instant.parse("2030-01-01T12:00:00Z"));
        assertThat(hourly.nextAfter(Instant.parse("2030-01-01T10:00:00Z")))
                .as("strictly after").isEqualTo(Instant.parse("2030-01-01T11:00:00Z"));
    }

    @Test
    void aCronIsReadInItsZoneAcrossADaylightSavingChange() {
        Schedule nineInParis = schedule("0 0 9 * * *", null, ZoneId.of("Europe/Paris"));

        // Paris leaves summer time on 27 October 2030: 9:00 is 07:00Z before, 08:00Z after.
        assertThat(nineInParis.nextAfter(Instant.parse("2030-10-26T00:00:00Z"), 2)).containsExactly(
                Instant.parse("2030-10-26T07:00:00Z"), Instant.parse("2030-10-27T08:00:00Z"));
    }

    @Test
    void aLocalTimeThatDoesNotExistIsSkippedAndOneThatExistsTwiceRunsTwice() {
        Schedule halfPastTwoInParis = schedule("0 30 2 * * *", null, ZoneId.of("Europe/Paris"));

        // Clocks go forward on 31 March 2030 (02:00 -> 03:00) and back on 27 October 2030 (03:00 -> 02:00).
        assertThat(halfPastTwoInParis.nextAfter(Instant.parse("2030-03-30T12:00:00Z"), 2)).containsExactly(
                Instant.parse("2030-04-01T00:30:00Z"), Instant.parse("2030-04-02T00:30:00Z"));
        assertThat(halfPastTwoInParis.nextAfter(Instant.parse("2030-10-26T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2030-10-27T00:30:00Z"), Instant.parse("2030-10-27T01:30:00Z"),
                Instant.parse("2030-10-28T01:30:00Z"));
    }

    @Test
    void aCronThatNeverMatchesHasNoDueTime() {
        Schedule never = schedule("0 0 0 30 2 *", null, ZoneOffset.UTC);

        assertThat(never.nextAfter(Instant.parse("2030-01-01T00:00:00Z"))).isNull();
        assertThat(never.nextAfter(Instant.parse("2030-01-01T00:00:00Z"), 5)).isEmpty();
    }

    @Test
    void aWrongScheduleNamesItsField() {
        assertThatThrownBy(() -> new Schedule("a b", null, Duration.ofMinutes(1), ZoneOffset.UTC, MissedRunPolicy.SKIP,
                TASK)).isInstanceOf(InvalidScheduleException.class).extracting("field").isEqualTo("name");
        assertThatThrownBy(() -> schedule(null, null, ZoneOffset.UTC)).extracting("field").isEqualTo("cron");
        assertThatThrownBy(() -> schedule("@daily", Duration.ofMinutes(1), ZoneOffset.UTC))
                .extracting("field").isEqualTo("every");
        assertThatThrownBy(() -> schedule("61 * * * * *", null, ZoneOffset.UTC)).extracting("field").isEqualTo("cron");
        assertThatThrownBy(() -> schedule(null, Duration.ofMillis(999), ZoneOffset.UTC))
                .extracting("field").isEqualTo("every");
        assertThatThrownBy(() -> schedule(null, Duration.ofNanos(1_000_000_001), ZoneOffset.UTC))
                .extracting("field").isEqualTo("every");
        assertThatThrownBy(() -> schedule(null, Duration.ofDays(367), ZoneOffset.UTC))
                .extracting("field").isEqualTo("every");
        assertThatThrownBy(() -> schedule(null, Duration.parse("PT9223372036854775807S"), ZoneOffset.UTC))
                .extracting("field").isEqualTo("every");
    }

    @Test
    void onlyCronZoneAndIntervalMakeTheTiming() {
        Schedule daily = schedule("@daily", null, ZoneOffset.UTC);

        assertThat(daily.sameTimingAs(new Schedule("s", "@daily", null, ZoneOffset.UTC, MissedRunPolicy.CATCH_UP_ONCE,
                new ScheduledTask("other", JsonNodeFactory.instance.objectNode(), "q", 1, 1, null)))).isTrue();
        assertThat(daily.sameTimingAs(schedule("@daily", null, ZoneId.of("Asia/Tokyo")))).isFalse();
        assertThat(daily.sameTimingAs(schedule(null, Duration.ofDays(1), ZoneOffset.UTC))).isFalse();
    }
}
