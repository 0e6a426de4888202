package io.fourfold.api.limits;

import io.fourfold.api.system.DeclaredWrites;
import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimits;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Sets the limits of {@code fourfold.limits.*} once the api is ready. A limit that cannot be one stops the start with
 * the property named; the types are not checked against the known ones, since workers may register them only later.
 */
@Component
@EnableConfigurationProperties(DeclaredLimits.class)
class DeclaredLimitSetup implements DisposableBean {

    private final TaskLimits limits;
    private final List<TypeLimits> declared;
    private volatile @Nullable Disposable writing;

    DeclaredLimitSetup(TaskLimits limits, DeclaredLimits properties) {
        this.limits = limits;
        this.declared = properties.limits().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> limitsOf(entry.getKey(), entry.getValue())).toList();
    }

    @EventListener(ApplicationReadyEvent.class)
    void write() {
        writing = DeclaredWrites.start(Flux.fromIterable(declared).concatMap(limits::put), "declared limits",
                declared.stream().map(TypeLimits::type).toList());
    }

    @Override
    public void destroy() {
        Disposable running = writing;
        if (running != null) {
            running.dispose();
        }
    }

    private static TypeLimits limitsOf(String type, DeclaredLimits.Declared declared) {
        String property = "fourfold.limits[" + type + "].";
        if (declared.concurrency() == null && declared.permits() == null) {
            throw new IllegalStateException(property + "concurrency or " + property + "permits must be set");
        }
        try {
            return new TypeLimits(type, declared.concurrency(), declared.permits() == null ? null
                    : new TypeLimits.Rate(declared.permits(), declared.period()));
        } catch (IllegalArgumentException invalid) {
            throw new IllegalStateException("Invalid declared limits " + property + "*: " + invalid.getMessage());
        }
    }
}
