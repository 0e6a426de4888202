package io.fourfold.worker.consumption;

import io.fourfold.transport.TaskTransport;
import io.fourfold.worker.execution.ExecutionAutoConfiguration;
import io.fourfold.worker.execution.TaskEngine;
import io.fourfold.worker.system.WorkerProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The consumer loop and its health indicator (shown as {@code fourfoldWorker} in {@code /actuator/health}). */
@AutoConfiguration(after = ExecutionAutoConfiguration.class)
public class ConsumptionAutoConfiguration {

    @Bean
    ConsumerHealth fourfoldWorkerHealthIndicator(TaskEngine engine, WorkerProperties properties) {
        return new ConsumerHealth(engine, properties, Clock.systemUTC());
    }

    @Bean
    TaskConsumer fourfoldTaskConsumer(TaskTransport transport, TaskEngine engine, WorkerProperties properties,
            ConsumerHealth health) {
        return new TaskConsumer(transport, engine, properties, health);
    }
}
