package io.fourfold.worker.execution;

import io.fourfold.limit.TaskLimits;
import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.worker.system.WorkerProperties;
import io.fourfold.worker.system.WorkerSystemAutoConfiguration;
import io.fourfold.workflow.TaskWorkflows;
import io.fourfold.workflow.WorkflowAdvancer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import tools.jackson.databind.json.JsonMapper;

/**
 * The execution engine: one {@link AttemptExecutor} per {@link ExecutorKind}, the slots, the handler registry and
 * the {@link TaskEngine}. The engine owns its thread pools rather than exposing them as {@code Executor} beans:
 * an {@code Executor} bean would make Boot back off from the application's own {@code applicationTaskExecutor}
 * (and from {@code @Async} on virtual threads) in every app that adds the worker.
 */
@AutoConfiguration(after = WorkerSystemAutoConfiguration.class, afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration"})
public class ExecutionAutoConfiguration {

    private static final int RENEWALS_PER_LEASE = 3;

    @Bean
    TaskHandlerRegistry fourfoldTaskHandlers(ConfigurableListableBeanFactory beans, JsonMapper mapper) {
        return new TaskHandlerRegistry(beans, new PayloadSchemas(mapper));
    }

    @Bean(destroyMethod = "close")
    TaskEngine fourfoldTaskEngine(TaskTransport transport, TaskStore store, TaskHandlerRegistry handlers,
            JsonMapper mapper, Validator validator, WorkerProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator, ObjectProvider<TaskLimits> limits,
            ObjectProvider<TaskWorkflows> workflows) {
        transport.lease().ifPresent(lease -> requireRenewalsWithin(lease, properties.renewInterval()));
        ThreadPoolTaskExecutor platform = platformPool(properties.slots().platform());
        Map<ExecutorKind, AttemptExecutor> executors = new EnumMap<>(ExecutorKind.class);
        executors.put(ExecutorKind.PLATFORM, new ThreadAttemptExecutor(platform));
        executors.put(ExecutorKind.VIRTUAL,
                new ThreadAttemptExecutor(new VirtualThreadTaskExecutor("fourfold-virtual-")));
        executors.put(ExecutorKind.EVENT_LOOP, new ReactiveAttemptExecutor());
        executors.put(ExecutorKind.PROCESS, new ProcessAttemptExecutor(properties.process().javaOptions(), mapper,
                new VirtualThreadTaskExecutor("fourfold-process-")));
        WorkerSlots slots = new WorkerSlots(Map.of(
                ExecutorKind.PLATFORM, properties.slots().platform(),
                ExecutorKind.VIRTUAL, properties.slots().virtual(),
                ExecutorKind.EVENT_LOOP, properties.slots().eventLoop(),
                ExecutorKind.PROCESS, properties.slots().process()));
        // Without Actuator's registry or a tracer (an app that embeds the worker without them) nothing is recorded.
        TaskMetrics metrics = new TaskMetrics(meterRegistry.getIfAvailable(SimpleMeterRegistry::new), slots);
        TaskTracing tracing = new TaskTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
        AttemptServices services = new AttemptServices(transport, executors, mapper, validator,
                new Backoff(properties.backoff().base(), properties.backoff().max()), properties.renewInterval(),
                Clock.systemUTC(), new Random(), metrics, tracing, workflowSteps(workflows.getIfAvailable(), store,
                        transport));
        return new TaskEngine(transport, store, handlers, slots, services, properties.id(),
                new StartLimits(limits.getIfAvailable()), platform::shutdown);
    }

    /**
     * One lease is set in one place, the transport; the worker's renewals must fit it with room for a late or lost
     * renewal, or every task that runs longer than the lease is taken over while it runs.
     */
    static void requireRenewalsWithin(TaskTransport.Lease lease, Duration renewInterval) {
        if (renewInterval.multipliedBy(RENEWALS_PER_LEASE).compareTo(lease.duration()) > 0) {
            throw new IllegalStateException("fourfold.worker.renew-interval (" + renewInterval
                    + ") must be at most a third of " + lease.property() + " (" + lease.duration()
                    + "), so a late renewal does not lose the lease; shorten the one or lengthen the other");
        }
    }

    /** A backend that keeps no workflows (one an app brings itself) leaves their steps to the api's sweep. */
    private static WorkflowSteps workflowSteps(@Nullable TaskWorkflows workflows, TaskStore store,
            TaskTransport transport) {
        return new WorkflowSteps(workflows == null ? null
                : new WorkflowAdvancer(workflows, store, transport, Clock.systemUTC()));
    }

    /** The CPU pool: platform threads, one per platform slot (by default one per core). */
    private static ThreadPoolTaskExecutor platformPool(int threads) {
        ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
        pool.setThreadNamePrefix("fourfold-platform-");
        pool.setCorePoolSize(threads);
        pool.setMaxPoolSize(threads);
        pool.initialize();
        return pool;
    }
}
