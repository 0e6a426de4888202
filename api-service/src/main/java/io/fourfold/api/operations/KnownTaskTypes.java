package io.fourfold.api.operations;

import io.fourfold.api.system.ApiProperties;
import io.fourfold.transport.TaskStore;
import io.fourfold.transport.TaskTypeInfo;
import io.fourfold.transport.WorkerInfo;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The task types a submit may name: those any worker has registered in the store (kept when workers scale to
 * zero) and those declared in {@code fourfold.api.task-types}. A declared type has no registration, so no schema
 * to check its payload against until a worker registers it.
 *
 * <p>Every submit checks its types, so it reads them from a copy at most {@link #REFRESH} old: a registration
 * changes only when a worker starts with other handlers. A type the copy does not know is looked up in the store
 * before a submit is refused, so a type that a worker has just registered is never refused.
 */
@Service
public class KnownTaskTypes {

    /** How old the copy that submits read may be: a worker's new payload schema applies within this. */
    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final TaskStore store;
    private final ApiProperties properties;
    private final Mono<SortedMap<String, Optional<TaskTypeInfo>>> recent;

    KnownTaskTypes(TaskStore store, ApiProperties properties) {
        this.store = store;
        this.properties = properties;
        this.recent = current().cache(known -> REFRESH, failure -> Duration.ZERO, () -> Duration.ZERO);
    }

    /**
     * The known types, from the copy while it knows every one of {@code types}, else read from the store: what a
     * submit checks its items against.
     */
    public Mono<SortedMap<String, Optional<TaskTypeInfo>>> including(Collection<String> types) {
        return recent.flatMap(known -> known.keySet().containsAll(types) ? Mono.just(known) : current());
    }

    /** Every known type by name, sorted; the value is the workers' registration, empty for a declared-only type. */
    public Mono<SortedMap<String, Optional<TaskTypeInfo>>> current() {
        return store.taskTypes().collectList().map(registered -> {
            SortedMap<String, Optional<TaskTypeInfo>> known = new TreeMap<>();
            properties.taskTypes().forEach(name -> known.put(name, Optional.empty()));
            registered.forEach(type -> known.put(type.type(), Optional.of(type)));
            return Collections.unmodifiableSortedMap(known);
        });
    }

    /** Every known type with its registration and the number of live workers that serve it now. */
    Mono<List<TaskTypeView>> views() {
        return Mono.zip(current(), liveWorkersByType()).map(known -> known.getT1().entrySet().stream()
                .map(entry -> {
                    long live = known.getT2().getOrDefault(entry.getKey(), 0L);
                    return entry.getValue()
                            .map(info -> new TaskTypeView(info.type(), true, info.executor(), info.queue(),
                                    info.maxAttempts(), info.timeout().toString(), info.payloadSchema(), live))
                            .orElseGet(() -> new TaskTypeView(entry.getKey(), false, null, null, null, null, null, live));
                })
                .toList());
    }

    private Mono<Map<String, Long>> liveWorkersByType() {
        return store.workers()
                .flatMapIterable(WorkerInfo::taskTypes)
                .collect(TreeMap::new, (counts, type) -> counts.merge(type, 1L, Long::sum));
    }
}
