package io.fourfold.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimitUsage;
import io.fourfold.limit.TypeLimits;
import io.fourfold.transport.memory.InMemoryBackendAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Limits declared in {@code fourfold.limits.*}: set when the api is ready, refused at start when wrong. */
class DeclaredLimitsTest {

    private final ApplicationContextRunner api = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InMemoryBackendAutoConfiguration.class))
            .withUserConfiguration(DeclaredLimitSetup.class);

    @Test
    void declaredLimitsAreSetWithEveryField() {
        api.withPropertyValues(
                        "fourfold.limits[http.get].concurrency=5",
                        "fourfold.limits[http.get].permits=20",
                        "fourfold.limits[http.get].period=2s",
                        "fourfold.limits.report.concurrency=1",
                        "fourfold.limits.mail.permits=100")
                .run(context -> {
                    context.getBean(DeclaredLimitSetup.class).write();
                    TaskLimits limits = context.getBean(TaskLimits.class);

                    await().atMost(Duration.ofSeconds(10)).until(() -> limits.list().count().block() == 3);

                    assertThat(limits.list().map(TypeLimitUsage::limits).collectList().block()).containsExactly(
                            new TypeLimits("http.get", 5, new TypeLimits.Rate(20, Duration.ofSeconds(2))),
                            new TypeLimits("mail", null, new TypeLimits.Rate(100, Duration.ofSeconds(1))),
                            new TypeLimits("report", 1, null));
                });
    }

    @Test
    void aWrongDeclarationStopsTheStartNamingTheProperty() {
        api.withPropertyValues("fourfold.limits.report.period=1s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("fourfold.limits[report].concurrency"));
        api.withPropertyValues("fourfold.limits.report.concurrency=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("fourfold.limits[report]")
                        .hasMessageContaining("concurrency must be at least 1"));
        api.withPropertyValues("fourfold.limits.report.permits=5", "fourfold.limits.report.period=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("period must be at least 1 ms"));
    }
}
