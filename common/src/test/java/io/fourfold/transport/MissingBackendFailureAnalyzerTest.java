package io.fourfold.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.limit.TaskLimits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

/** A backend named but not on the class path (here: neither broker backend is) gets a report that says so. */
class MissingBackendFailureAnalyzerTest {

    private static final UnsatisfiedDependencyException NO_LIMITS = new UnsatisfiedDependencyException(null,
            "declaredLimitSetup", "limits", new NoSuchBeanDefinitionException(TaskLimits.class));

    private static FailureAnalysis analyze(String transport, Throwable failure) {
        return new MissingBackendFailureAnalyzer(new MockEnvironment().withProperty("fourfold.transport", transport))
                .analyze(failure);
    }

    @Test
    void aBrokerBackendThatIsNotThereIsNamedWithWhatToDo() {
        FailureAnalysis analysis = analyze("REDIS", NO_LIMITS);

        assertThat(analysis.getDescription()).contains("fourfold.transport is 'redis'", "backend-redis module",
                TaskLimits.class.getName(), "in-memory backend only");
        assertThat(analysis.getAction()).contains("api-service and worker-service", "io.fourfold:backend-redis");
        assertThat(analyze("rabbitmq", NO_LIMITS).getDescription()).contains("backend-rabbitmq module");
    }

    @Test
    void otherMissingBeansAndTheInMemoryBackendAreLeftToSpringsReport() {
        assertThat(analyze("memory", NO_LIMITS)).isNull();
        assertThat(analyze("redis", new NoSuchBeanDefinitionException(String.class))).isNull();
        assertThat(analyze("redis", new IllegalStateException("something else"))).isNull();
    }
}
