package io.fourfold.worker.system;

import io.fourfold.transport.TaskStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The worker's settings and its registration in the worker registry. */
@AutoConfiguration
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerSystemAutoConfiguration {

    @Bean
    WorkerRegistration fourfoldWorkerRegistration(TaskStore store, WorkerCapabilities capabilities,
            WorkerProperties properties) {
        return new WorkerRegistration(store, capabilities, properties, Clock.systemUTC());
    }
}
