package io.fourfold.transport.redis;

import io.fourfold.limit.TaskLimits;
import io.fourfold.limit.TypeLimitUsage;
import io.fourfold.limit.TypeLimits;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits per type in one hash ({@link RedisKeys#limits()}), which the start scripts read in the same step as the
 * start (see {@code admit} in prelude.lua); rates as Bucket4j buckets on the shared Lettuce proxy manager, under the
 * rate-limit prefix.
 */
public final class RedisTaskLimits implements TaskLimits, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader READER = JSON.readerFor(Stored.class);
    private static final ObjectWriter WRITER = JSON.writerFor(Stored.class);

    private final RedisTaskStore store;
    private final RedisKeys keys;
    private final AsyncProxyManager<String> buckets;
    private final @Nullable AutoCloseable ownBuckets;

    RedisTaskLimits(RedisTaskStore store, ProxyManager<String> buckets) {
        this(store, buckets, null);
    }

    private RedisTaskLimits(RedisTaskStore store, ProxyManager<String> buckets, @Nullable AutoCloseable ownBuckets) {
        this.store = store;
        this.keys = store.keys();
        this.buckets = buckets.asAsync();
        this.ownBuckets = ownBuckets;
    }

    /**
     * Limits on {@code store} with rate buckets on a connection of their own from {@code connections}, closed with
     * this; for a process without the backend's auto-configuration (the auto-configured one shares the api's).
     */
    public static RedisTaskLimits create(RedisTaskStore store, LettuceConnectionFactory connections) {
        RateLimitRedis redis = RateLimitRedis.start(connections, store.keys());
        return new RedisTaskLimits(store, redis.buckets(), redis);
    }

    @Override
    public void close() throws Exception {
        if (ownBuckets != null) {
            ownBuckets.close();
        }
    }

    /**
     * The stored form: plain fields, so that it reads the same whatever the mapper's defaults, and
     * {@code concurrency} is what the start scripts read.
     */
    private record Stored(String type, @Nullable Integer concurrency, @Nullable Integer permits,
            @Nullable String period) {

        static Stored of(TypeLimits limits) {
            TypeLimits.Rate rate = limits.rate();
            return new Stored(limits.type(), limits.concurrency(), rate == null ? null : rate.permits(),
                    rate == null ? null : rate.period().toString());
        }

        TypeLimits limits() {
            return new TypeLimits(type, concurrency,
                    permits == null || period == null ? null : new TypeLimits.Rate(permits, Duration.parse(period)));
        }
    }

    @Override
    public Flux<TypeLimits> all() {
        return store.redis().<String, String>opsForHash().values(keys.limits())
                .map(json -> READER.<Stored>readValue(json).limits())
                .sort(Comparator.comparing(TypeLimits::type))
                .onErrorMap(store::translate);
    }

    @Override
    public Flux<TypeLimitUsage> list() {
        return all().collectList().flatMapMany(this::withUsage).onErrorMap(store::translate);
    }

    private Flux<TypeLimitUsage> withUsage(List<TypeLimits> all) {
        if (all.isEmpty()) {
            return Flux.empty();
        }
        List<String> gates = all.stream().map(limits -> keys.typeGate(limits.type())).toList();
        return store.scripts().limitsUsage.strings(gates, List.of(keys.taskPrefix()))
                .flatMapIterable(counts -> {
                    List<TypeLimitUsage> usage = new ArrayList<>(all.size());
                    for (int i = 0; i < all.size(); i++) {
                        TypeLimits limits = all.get(i);
                        usage.add(new TypeLimitUsage(limits,
                                limits.concurrency() == null ? 0 : Long.parseLong(counts.get(i))));
                    }
                    return usage;
                });
    }

    @Override
    public Mono<Boolean> put(TypeLimits limits) {
        return store.redis().<String, String>opsForHash()
                .put(keys.limits(), limits.type(), WRITER.writeValueAsString(Stored.of(limits)))
                .onErrorMap(store::translate);
    }

    /** Its concurrency gate goes too: with no limit, nothing counts its holders any more. */
    @Override
    public Mono<Boolean> remove(String type) {
        return store.redis().opsForHash().remove(keys.limits(), type)
                .flatMap(removed -> store.redis().delete(keys.typeGate(type)).thenReturn(removed > 0))
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Duration> takeStart(String type, TypeLimits.Rate rate) {
        return Mono.fromFuture(() -> bucket(type, rate).tryConsumeAndReturnRemaining(1))
                .map(probe -> probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()))
                .onErrorMap(store::translate);
    }

    @Override
    public Mono<Void> returnStart(String type, TypeLimits.Rate rate) {
        return Mono.fromFuture(() -> bucket(type, rate).addTokens(1)).onErrorMap(store::translate);
    }

    private AsyncBucketProxy bucket(String type, TypeLimits.Rate rate) {
        CompletableFuture<BucketConfiguration> configuration = CompletableFuture.completedFuture(
                BucketConfiguration.builder()
                        .addLimit(BandwidthBuilder.builder()
                                .capacity(rate.permits())
                                .refillGreedy(rate.permits(), rate.period())
                                .build())
                        .build());
        return buckets.builder().build(keys.typeRateBucket(type, rate.permits() + "/" + rate.period()),
                () -> configuration);
    }
}
