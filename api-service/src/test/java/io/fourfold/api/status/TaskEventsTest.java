package io.fourfold.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.system.ApiProperties;
import io.fourfold.task.NewTask;
import io.fourfold.task.TaskIds;
import io.fourfold.task.TaskRecord;
import io.fourfold.transport.CancelResult;
import io.fourfold.transport.TaskPage;
import io.fourfold.transport.TaskQuery;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

/** The event stream over time: heartbeats while nothing happens, and nothing after the end. */
class TaskEventsTest {

    private final TaskRecord queued = TaskRecord.accepted(new NewTask(TaskIds.next(), "echo", "default", 0,
            JsonNodeFactory.instance.objectNode(), null, 3, Duration.ofMinutes(5), null, null), Instant.now());
    private final TaskRecord cancelled = queued.cancelled(Instant.now());

    @Test
    void anIdleStreamSendsHeartbeatsUntilTheTaskEnds() {
        ApiProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("fourfold.api.event-heartbeat", "15s"))).bindOrCreate("fourfold.api", ApiProperties.class);
        TaskStore store = new OneTaskStore(Flux.concat(Mono.just(queued),
                Mono.just(cancelled).delaySubscription(Duration.ofSeconds(40))));
        TaskStatusService service = new TaskStatusService(store, properties);

        StepVerifier.withVirtualTime(() -> service.events(queued.id()).flatMapMany(events -> events))
                .assertNext(event -> assertThat(event.id()).isEqualTo(Long.toString(queued.version())))
                .thenAwait(Duration.ofSeconds(15))
                .assertNext(event -> assertThat(event.comment()).isEqualTo("keep-alive"))
                .thenAwait(Duration.ofSeconds(15))
                .assertNext(event -> assertThat(event.comment()).isEqualTo("keep-alive"))
                .thenAwait(Duration.ofSeconds(10))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("task");
                    assertThat(event.data().state()).isEqualTo(cancelled.state());
                    assertThat(Long.parseLong(event.id())).isGreaterThan(queued.version());
                })
                .verifyComplete();
    }

    /** A store that knows one task and follows it with the given changes. */
    private record OneTaskStore(Flux<TaskRecord> changes) implements TaskStore {

        @Override
        public Mono<TaskRecord> find(String id) {
            return changes.next();
        }

        @Override
        public Mono<TaskPage> list(TaskQuery query) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Flux<TaskRecord> follow(String id) {
            return changes;
        }

        @Override
        public Mono<CancelResult> cancel(String id) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Flux<String> cancelRequests() {
            return Flux.empty();
        }

        @Override
        public Mono<Void> heartbeat(WorkerInfo worker, Duration ttl) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> removeWorker(String workerId) {
            return Mono.empty();
        }

        @Override
        public Flux<WorkerInfo> workers() {
            return Flux.empty();
        }

        @Override
        public Mono<Void> registerTaskTypes(Collection<TaskTypeInfo> types) {
            return Mono.empty();
        }

        @Override
        public Flux<TaskTypeInfo> taskTypes() {
            return Flux.empty();
        }
    }
}
