package io.fourfold.worker.consumption;

import io.fourfold.transport.TaskQueues;
import io.fourfold.transport.TaskTransport;
import io.fourfold.worker.execution.ExecutionAutoConfiguration;
import io.fourfold.worker.execution.TaskEngine;
import io.fourfold.worker.system.WorkerProperties;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The consumer loop and its health indicator (shown as {@code fourfoldWorker} in {@code /actuator/health}). */
@AutoConfiguration(after = ExecutionAutoConfiguration.class)
public class ConsumptionAutoConfiguration {

    @Bean
    QueueSelection fourfoldQueueSelection(WorkerProperties properties, TaskQueues queues) {
        return new QueueSelection(properties, queues, Clock.systemUTC(), RandomGenerator.getDefault());
    }

    @Bean
    ConsumerHealth fourfoldWorkerHealthIndicator(TaskEngine engine, WorkerProperties properties,
            QueueSelection selection) {
        return new ConsumerHealth(engine, properties, selection, Clock.systemUTC());
    }

    @Bean
    TaskConsumer fourfoldTaskConsumer(TaskTransport transport, TaskEngine engine, WorkerProperties properties,
            ConsumerHealth health, QueueSelection selection) {
        return new TaskConsumer(transport, engine, properties, health, selection);
    }
}
