package io.fourfold.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.task.TaskRecord;
import io.fourfold.task.TaskState;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.memory.InMemoryBackendAutoConfiguration;
import io.fourfold.worker.Tasks;
import io.fourfold.worker.consumption.ConsumptionAutoConfiguration;
import io.fourfold.worker.system.WorkerSystemAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** Handlers an application writes itself, including ones that misbehave, and how the engine stops them. */
class UserHandlerTest {

    private final ApplicationContextRunner worker = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                    ValidationAutoConfiguration.class, InMemoryBackendAutoConfiguration.class,
                    WorkerSystemAutoConfiguration.class, ExecutionAutoConfiguration.class,
                    ConsumptionAutoConfiguration.class))
            .withUserConfiguration(Handlers.class)
            .withPropertyValues("fourfold.worker.drain-timeout=100ms", "fourfold.worker.slots.platform=2");

    @Test
    void disposesAnEventLoopHandlerAtItsTimeout() {
        worker.run(context -> {
            Handlers handlers = context.getBean(Handlers.class);
            Tasks tasks = new Tasks(context.getBean(TaskTransport.class), context.getBean(TaskStore.class));

            String id = tasks.submit("never", "{}", 1, Duration.ofMillis(200), null, "default");

            assertThat(tasks.awaitState(id, TaskState.FAILED).error().type()).isEqualTo(TaskError.TIMEOUT);
            await().atMost(Tasks.PATIENCE).untilTrue(handlers.disposed);
            await().atMost(Tasks.PATIENCE).until(() -> context.getBean(TaskEngine.class).capacity()
                    .free(ExecutorKind.EVENT_LOOP) == 1000);
        });
    }

    @Test
    void aHandlerThatIgnoresInterruptsKeepsItsSlotAndItsLateResultIsDiscarded() {
        worker.run(context -> {
            Handlers handlers = context.getBean(Handlers.class);
            WorkerSlots slots = context.getBean(TaskEngine.class).capacity();
            Tasks tasks = new Tasks(context.getBean(TaskTransport.class), context.getBean(TaskStore.class));

            String id = tasks.submit("stubborn", "{}", 1, Duration.ofMillis(200), null, "default");

            TaskRecord timedOut = tasks.awaitState(id, TaskState.FAILED);
            assertThat(timedOut.error().type()).isEqualTo(TaskError.TIMEOUT);
            assertThat(slots.free(ExecutorKind.PLATFORM)).isEqualTo(1);

            handlers.release.set(true);
            await().atMost(Tasks.PATIENCE).until(() -> slots.free(ExecutorKind.PLATFORM) == 2);
            TaskRecord after = tasks.find(id);
            assertThat(after.state()).isEqualTo(TaskState.FAILED);
            assertThat(after.result()).isNull();
        });
    }

    @Test
    void failsAtOnceOnANonRetryableException() {
        worker.run(context -> {
            Tasks tasks = new Tasks(context.getBean(TaskTransport.class), context.getBean(TaskStore.class));

            String declared = tasks.submit("refuses", "{}", 5, Duration.ofMinutes(1), null, "default");
            String thrown = tasks.submit("gives.up", "{}", 5, Duration.ofMinutes(1), null, "default");

            TaskRecord refused = tasks.awaitState(declared, TaskState.FAILED);
            assertThat(refused.attempt()).isEqualTo(1);
            assertThat(refused.error().type()).isEqualTo("UnsupportedOperationException");
            TaskRecord gaveUp = tasks.awaitState(thrown, TaskState.FAILED);
            assertThat(gaveUp.attempt()).isEqualTo(1);
            assertThat(gaveUp.error().message()).isEqualTo("no point in trying again");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {

        final AtomicBoolean disposed = new AtomicBoolean();
        final AtomicBoolean release = new AtomicBoolean();

        @TaskHandler(type = "never", executor = ExecutorKind.EVENT_LOOP)
        Mono<String> never() {
            return Mono.<String>never().doOnCancel(() -> disposed.set(true));
        }

        @TaskHandler(type = "stubborn", executor = ExecutorKind.PLATFORM)
        String stubborn() {
            while (!release.get()) {
                // Deliberately deaf to interrupts: parkNanos returns on one, and the loop parks again.
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            return "too late";
        }

        @TaskHandler(type = "refuses", nonRetryable = UnsupportedOperationException.class)
        String refuses() {
            throw new UnsupportedOperationException("not supported");
        }

        @TaskHandler(type = "gives.up")
        String givesUp() {
            throw new NonRetryableTaskException("no point in trying again");
        }
    }
}
