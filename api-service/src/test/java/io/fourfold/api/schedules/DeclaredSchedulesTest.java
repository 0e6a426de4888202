package io.fourfold.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.schedule.MissedRunPolicy;
import io.fourfold.schedule.ScheduleState;
import io.fourfold.schedule.TaskSchedules;
import io.fourfold.transport.memory.InMemoryBackendAutoConfiguration;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Schedules declared in {@code fourfold.schedules.*}: written when the api is ready, refused at start when wrong. */
class DeclaredSchedulesTest {

    private final ApplicationContextRunner api = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryBackendAutoConfiguration.class))
            .withUserConfiguration(DeclaredScheduleSetup.class);

    @Test
    void aDeclaredScheduleIsWrittenWithEveryField() {
        api.withPropertyValues(
                        "fourfold.schedules.nightly.cron=0 0 3 * * *",
                        "fourfold.schedules.nightly.zone=Europe/Paris",
                        "fourfold.schedules.nightly.missed-runs=SKIP",
                        "fourfold.schedules.nightly.type=report",
                        "fourfold.schedules.nightly.payload={\"to\": [\"ops\"], \"n\": 2}",
                        "fourfold.schedules.nightly.queue=reports",
                        "fourfold.schedules.nightly.priority=4",
                        "fourfold.schedules.nightly.max-attempts=2",
                        "fourfold.schedules.nightly.timeout=90s",
                        "fourfold.schedules.tick.every=5m",
                        "fourfold.schedules.tick.type=echo")
                .run(context -> {
                    context.getBean(DeclaredScheduleSetup.class).write();
                    TaskSchedules schedules = context.getBean(TaskSchedules.class);

                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> schedules.list().count().block() == 2);

                    ScheduleState nightly = schedules.get("nightly").block();
                    assertThat(nightly.schedule().cron()).isEqualTo("0 0 3 * * *");
                    assertThat(nightly.schedule().zone()).isEqualTo(ZoneId.of("Europe/Paris"));
                    assertThat(nightly.schedule().missedRuns()).isEqualTo(MissedRunPolicy.SKIP);
                    assertThat(nightly.schedule().task().type()).isEqualTo("report");
                    assertThat(nightly.schedule().task().payload().get("n").asInt()).isEqualTo(2);
                    assertThat(nightly.schedule().task().queue()).isEqualTo("reports");
                    assertThat(nightly.schedule().task().priority()).isEqualTo(4);
                    assertThat(nightly.schedule().task().maxAttempts()).isEqualTo(2);
                    assertThat(nightly.schedule().task().timeout()).isEqualTo(Duration.ofSeconds(90));
                    ScheduleState tick = schedules.get("tick").block();
                    assertThat(tick.schedule().every()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(tick.schedule().missedRuns()).isEqualTo(MissedRunPolicy.CATCH_UP_ONCE);
                    assertThat(tick.schedule().task().payload().isEmpty()).isTrue();
                });
    }

    @Test
    void aWrongDeclarationStopsTheStartNamingTheProperty() {
        api.withPropertyValues("fourfold.schedules.broken.cron=every day", "fourfold.schedules.broken.type=echo")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("fourfold.schedules.broken.cron"));
        api.withPropertyValues("fourfold.schedules.broken.every=1m", "fourfold.schedules.broken.type=echo",
                        "fourfold.schedules.broken.payload={not json")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("fourfold.schedules.broken.payload"));
        api.withPropertyValues("fourfold.schedules.broken.every=1m")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("fourfold.schedules.broken.type"));
    }
}
