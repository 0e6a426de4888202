package io.fourfold.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * One api-service and its worker-service JVMs on a backend: Redis Streams on the private Redis, or the shared
 * RabbitMQ under the run's prefix with the task records in the private Redis.
 */
final class Cluster implements AutoCloseable {

    enum Backend { REDIS, RABBITMQ }

    private final BenchContext context;
    private final PrivateRedis redis;
    private final @Nullable SharedRabbit rabbit;
    private final List<String> backendSettings;
    private final String name;
    private final List<ServiceJvm> jvms = new ArrayList<>();

    Cluster(BenchContext context, PrivateRedis redis, SharedRabbit rabbit, Backend backend) {
        this.context = context;
        this.redis = redis;
        this.rabbit = backend == Backend.RABBITMQ ? rabbit : null;
        this.name = backend.name().toLowerCase(Locale.ROOT);
        this.backendSettings = switch (backend) {
            case REDIS -> List.of("spring.data.redis.port=" + redis.port());
            // Its records under a key prefix of their own, so it may run beside the Redis scenarios.
            case RABBITMQ -> List.of("spring.data.redis.port=" + redis.port(),
                    "fourfold.redis.key-prefix=bench-rabbitmq:", "fourfold.transport=rabbitmq",
                    "spring.rabbitmq.host=" + SharedRabbit.HOST, "spring.rabbitmq.port=" + SharedRabbit.PORT,
                    "fourfold.rabbitmq.prefix=" + rabbit.prefix());
        };
    }

    /**
     * Starts the api and, at the same time, a first worker named {@code worker} (each JVM's start takes seconds, and
     * a worker needs only the broker).
     */
    ApiClient startApiAndWorker(String worker) {
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ApiClient> api = starting.submit(this::startApi);
            Future<ServiceJvm> first = starting.submit(() -> startWorker(worker, List.of()));
            first.get();
            return api.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a service did not start", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the api, with no keys and no rate limit: the harness is its only client. */
    private ApiClient startApi() {
        int port = BenchContext.freePort();
        int management = BenchContext.freePort();
        List<String> settings = new ArrayList<>(backendSettings);
        settings.addAll(List.of("server.port=" + port, "management.server.port=" + management,
                "fourfold.api.security.enabled=false", "fourfold.api.rate-limit.enabled=false",
                "fourfold.api.task-types=echo,sleep,primes"));
        settings.addAll(EndToEnd.NO_OPENAPI);
        ServiceJvm api = context.start("api-service", name + "-api", context.apiJar(), management, settings);
        synchronized (jvms) {
            jvms.add(api);
        }
        return new ApiClient(port);
    }

    /** Starts a worker named {@code id} (its {@code fourfold.worker.id}) with {@code extra} settings. */
    ServiceJvm startWorker(String id, List<String> extra) {
        int port = BenchContext.freePort();
        List<String> settings = new ArrayList<>(backendSettings);
        settings.addAll(List.of("server.port=" + port, "fourfold.worker.id=" + id));
        settings.addAll(extra);
        ServiceJvm worker = context.start("worker-service", name + "-" + id, context.workerJar(), port, settings);
        synchronized (jvms) {
            jvms.add(worker);
        }
        return worker;
    }

    /** The CPU of the workers running now, the api, Redis and (on RabbitMQ) the broker. */
    CpuUse cpu() {
        Map<String, List<ProcessHandle>> parts = new LinkedHashMap<>();
        synchronized (jvms) {
            parts.put("worker JVMs", jvms.stream().filter(jvm -> !isApi(jvm)).map(ServiceJvm::handle).toList());
            parts.put("api", jvms.stream().filter(Cluster::isApi).map(ServiceJvm::handle).toList());
        }
        parts.put("Redis", List.of(redis.process()));
        if (rabbit != null) {
            rabbit.broker().ifPresent(broker -> parts.put("RabbitMQ", List.of(broker)));
        }
        return new CpuUse(parts);
    }

    private static boolean isApi(ServiceJvm jvm) {
        return jvm.name().endsWith("-api");
    }

    /** Stops every worker started so far; the api stays. */
    void stopWorkers() {
        jvms.stream().filter(jvm -> !isApi(jvm)).toList().reversed().forEach(ServiceJvm::stop);
    }

    @Override
    public void close() {
        jvms.reversed().forEach(ServiceJvm::stop);
        jvms.clear();
    }
}
