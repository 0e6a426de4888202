package io.fourfold.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.TaskTransport;
import io.fourfold.transport.memory.InMemoryBackendAutoConfiguration;
import io.fourfold.worker.TamperingTransport;
import io.fourfold.worker.consumption.ConsumptionAutoConfiguration;
import io.fourfold.worker.system.WorkerSystemAutoConfiguration;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/** The engine as a user's application gets it: auto-configured, finding the user's handlers, failing fast. */
class TaskHandlerRegistrationTest {

    private final ApplicationContextRunner worker = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                    ValidationAutoConfiguration.class, InMemoryBackendAutoConfiguration.class,
                    WorkerSystemAutoConfiguration.class, ExecutionAutoConfiguration.class,
                    ConsumptionAutoConfiguration.class))
            .withPropertyValues("fourfold.worker.drain-timeout=100ms");

    @Test
    void findsTheHandlersOfTheApplication() {
        worker.withUserConfiguration(Greeter.class).run(context -> {
            assertThat(context).hasNotFailed();
            TaskEngine engine = context.getBean(TaskEngine.class);
            assertThat(engine.executorFor("greet")).isEqualTo(ExecutorKind.EVENT_LOOP);
            assertThat(engine.taskTypes()).singleElement().satisfies(type -> {
                assertThat(type.queue()).isEqualTo("greetings");
                assertThat(type.maxAttempts()).isEqualTo(7);
                assertThat(type.payloadSchema().path("required").toString()).contains("name");
            });
        });
    }

    @Test
    void leavesTheApplicationsOwnTaskExecutorInPlace() {
        worker.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .withUserConfiguration(Greeter.class)
                .run(context -> assertThat(context).hasNotFailed().hasBean("applicationTaskExecutor"));
    }

    @Test
    void failsStartupWhenTwoHandlersDeclareTheSameType() {
        worker.withUserConfiguration(Greeter.class, SecondGreeter.class).run(context ->
                assertThat(context).getFailure()
                        .hasMessageContaining("Task type 'greet' is declared twice")
                        .hasMessageContaining("Greeter.greet").hasMessageContaining("SecondGreeter.greetAgain"));
    }

    @Test
    void failsStartupWhenAProcessHandlerCannotBeMadeInAChild() {
        worker.withUserConfiguration(IsolatedWithDependency.class).run(context ->
                assertThat(context).getFailure()
                        .hasMessageContaining("IsolatedWithDependency.run")
                        .hasMessageContaining("needs a constructor without arguments"));
    }

    @Test
    void registersAProcessHandlerWithAConstructorWithoutArguments() {
        worker.withUserConfiguration(Isolated.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TaskEngine.class).executorFor("isolated")).isEqualTo(ExecutorKind.PROCESS);
        });
    }

    @Test
    void failsStartupWhenAnEventLoopHandlerDoesNotReturnAMono() {
        worker.withUserConfiguration(Blocking.class).run(context ->
                assertThat(context).getFailure().hasMessageContaining("must return a Mono"));
    }

    @Test
    void failsStartupOnATimeoutThatIsNotADuration() {
        worker.withUserConfiguration(BadTimeout.class).run(context ->
                assertThat(context).getFailure().hasMessageContaining("'five minutes'"));
    }

    @Test
    void failsStartupWhenRenewalsAreNotWellWithinTheTransportsLease() {
        worker.withUserConfiguration(Greeter.class, TwoSecondLease.class)
                .withPropertyValues("fourfold.worker.renew-interval=1s")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("fourfold.worker.renew-interval (PT1S)")
                        .hasStackTraceContaining("fourfold.redis.lease (PT2S)"));
    }

    @Test
    void startsWhenRenewalsComeWellWithinTheTransportsLease() {
        worker.withUserConfiguration(Greeter.class, TwoSecondLease.class)
                .withPropertyValues("fourfold.worker.renew-interval=500ms")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoSecondLease {

        @Bean
        @Primary
        TamperingTransport leasingTransport(@Qualifier("inMemoryTaskTransport") TaskTransport memory) {
            TamperingTransport transport = new TamperingTransport(memory);
            transport.lease(Duration.ofSeconds(2), "fourfold.redis.lease");
            return transport;
        }
    }

    record Name(@NotBlank String name) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Greeter {

        @TaskHandler(type = "greet", executor = ExecutorKind.EVENT_LOOP, queue = "greetings", maxAttempts = 7)
        Mono<String> greet(Name name) {
            return Mono.just("Hello " + name.name());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondGreeter {

        @TaskHandler(type = "greet")
        String greetAgain(Name name, TaskContext context) {
            return "Hello again";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Isolated {

        @TaskHandler(type = "isolated", executor = ExecutorKind.PROCESS)
        void run() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class IsolatedWithDependency {

        private final Environment environment;

        IsolatedWithDependency(Environment environment) {
            this.environment = environment;
        }

        @TaskHandler(type = "isolated", executor = ExecutorKind.PROCESS)
        String run() {
            return environment.toString();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Blocking {

        @TaskHandler(type = "blocking", executor = ExecutorKind.EVENT_LOOP)
        String run() {
            return "blocked";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadTimeout {

        @TaskHandler(type = "slow", timeout = "five minutes")
        void run() {
        }
    }
}
