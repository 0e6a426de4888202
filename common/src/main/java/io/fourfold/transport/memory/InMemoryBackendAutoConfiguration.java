package io.fourfold.transport.memory;

import io.fourfold.transport.FourfoldProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** The in-memory backend, chosen by {@code fourfold.transport=memory} (the default). */
@AutoConfiguration
@EnableConfigurationProperties(FourfoldProperties.class)
@ConditionalOnProperty(name = "fourfold.transport", havingValue = "memory", matchIfMissing = true)
public class InMemoryBackendAutoConfiguration {

    private static final Duration EXPIRY_SWEEP = Duration.ofMinutes(1);

    @Bean(destroyMethod = "dispose")
    Disposable inMemoryExpiry(InMemoryTaskStore store, InMemoryTaskWorkflows workflows) {
        return Flux.interval(EXPIRY_SWEEP, EXPIRY_SWEEP).subscribe(tick -> {
            store.expire();
            workflows.expire();
        });
    }

    @Bean
    InMemoryTaskStore inMemoryTaskStore(FourfoldProperties properties) {
        return new InMemoryTaskStore(Clock.systemUTC(), properties.store());
    }

    @Bean(destroyMethod = "close")
    InMemoryTaskTransport inMemoryTaskTransport(InMemoryTaskStore store) {
        return new InMemoryTaskTransport(store);
    }

    @Bean
    InMemoryTaskQueues inMemoryTaskQueues(InMemoryTaskStore store, InMemoryTaskTransport transport) {
        return new InMemoryTaskQueues(store, transport);
    }

    @Bean
    InMemoryTaskLimits inMemoryTaskLimits(InMemoryTaskStore store) {
        return store.limits();
    }

    @Bean
    InMemoryTaskSchedules inMemoryTaskSchedules() {
        return new InMemoryTaskSchedules(Clock.systemUTC());
    }

    @Bean
    InMemoryTaskWorkflows inMemoryTaskWorkflows(FourfoldProperties properties) {
        return new InMemoryTaskWorkflows(Clock.systemUTC(), properties.store().retention());
    }
}
