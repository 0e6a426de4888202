package io.fourfold.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class ApiPropertiesTest {

    /** The defaults hold without any yml: standalone runs the api with its own configuration. */
    @Test
    void defaultsAreTheDocumentedOnes() {
        ApiProperties defaults = bind(Map.of());
        assertThat(defaults.maxRequestSize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(defaults.maxPayloadSize()).isEqualTo(DataSize.ofKilobytes(512));
        assertThat(defaults.batchLimit()).isEqualTo(1000);
        assertThat(defaults.maxWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.taskTypes()).isEmpty();
        assertThat(defaults.defaultQueue()).isEqualTo("default");
        assertThat(defaults.defaultMaxAttempts()).isEqualTo(3);
        assertThat(defaults.defaultTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.defaultPageSize()).isEqualTo(50);
        assertThat(defaults.maxPageSize()).isEqualTo(500);
        assertThat(defaults.json().maxNestingDepth()).isEqualTo(64);
    }

    @Test
    void settingsBindFromProperties() {
        ApiProperties bound = bind(Map.of("fourfold.api.task-types", "echo,sleep", "fourfold.api.max-wait", "10s",
                "fourfold.api.json.max-nesting-depth", "20"));
        assertThat(bound.taskTypes()).containsExactly("echo", "sleep");
        assertThat(bound.maxWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bound.json().maxNestingDepth()).isEqualTo(20);
    }

    private static ApiProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("fourfold.api", ApiProperties.class);
    }
}
