package io.fourfold.api.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.fourfold.api.system.ProblemResponses;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Takes one token from the caller's bucket for every {@code /api} call; an empty bucket is a {@code 429} with
 * {@code Retry-After}. Every limited answer carries the IETF draft headers {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the bucket is full again).
 *
 * <p>It runs after the security filter, so the caller is known. The buckets live in a Bucket4j
 * {@link ProxyManager}: a bounded Caffeine cache in this process, unless the application defines a
 * {@code ProxyManager<String>} bean (the Redis store's, in both broker modes), which then holds the limit across
 * replicas.
 *
 * <p>A limiter that cannot answer (the shared store unreachable, or slower than {@code timeout}) lets the call
 * through: it fails open, with one warning per outage, so that a limiter outage never takes the API down; the call
 * itself then meets the store, and a submit answers {@code 503} if the store is down.
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitFilter implements WebFilter, Ordered {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String RESET = "RateLimit-Reset";

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    /** Buckets left idle this long after they are full again are dropped from memory. */
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(10);

    private final RateLimitProperties properties;
    private final ProblemResponses problems;
    private final AsyncProxyManager<String> buckets;
    private final CompletableFuture<BucketConfiguration> configuration;
    /** Whether the last call found the limiter out of order: a warning when it starts, a note when it ends. */
    private final AtomicBoolean failing = new AtomicBoolean();

    RateLimitFilter(RateLimitProperties properties, ProblemResponses problems,
            ObjectProvider<ProxyManager<String>> shared) {
        this.properties = properties;
        this.problems = problems;
        this.buckets = shared.getIfAvailable(() -> local(properties)).asAsync();
        this.configuration = CompletableFuture.completedFuture(BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder()
                        .capacity(properties.capacity())
                        .refillGreedy(properties.refill(), properties.period())
                        .build())
                .build());
    }

    private static ProxyManager<String> local(RateLimitProperties properties) {
        return Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(properties.maxClients()))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                .build();
    }

    /** After the security filter chain (order -100), which makes the caller known. */
    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!properties.enabled() || !exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(Principal::getName)
                .map(name -> "caller:" + name)
                .defaultIfEmpty(clientAddress(exchange))
                .flatMap(this::tryConsume)
                .flatMap(answer -> {
                    if (answer.isEmpty()) {
                        return chain.filter(exchange);
                    }
                    ConsumptionProbe probe = answer.get();
                    HttpHeaders headers = rateLimitHeaders(probe);
                    if (probe.isConsumed()) {
                        exchange.getResponse().getHeaders().addAll(headers);
                        return chain.filter(exchange);
                    }
                    return tooManyRequests(exchange, probe, headers);
                });
    }

    /** The caller's probe, or none when the limiter cannot answer: the call then goes through unlimited. */
    private Mono<Optional<ConsumptionProbe>> tryConsume(String client) {
        return Mono.fromFuture(() -> buckets.builder().build(client, () -> configuration)
                        .tryConsumeAndReturnRemaining(1))
                .timeout(properties.timeout())
                .map(probe -> {
                    if (failing.compareAndSet(true, false)) {
                        log.info("The rate limiter answers again: calls are limited again");
                    }
                    return Optional.of(probe);
                })
                .onErrorResume(failure -> {
                    if (failing.compareAndSet(false, true)) {
                        log.warn("The rate limiter cannot answer ({}): calls go through unlimited until it can",
                                failure.toString(), failure);
                    }
                    return Mono.just(Optional.empty());
                });
    }

    private HttpHeaders rateLimitHeaders(ConsumptionProbe probe) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(LIMIT, Long.toString(properties.capacity()));
        headers.set(REMAINING, Long.toString(probe.getRemainingTokens()));
        headers.set(RESET, Long.toString(seconds(probe.getNanosToWaitForReset())));
        return headers;
    }

    private Mono<Void> tooManyRequests(ServerWebExchange exchange, ConsumptionProbe probe, HttpHeaders headers) {
        // Retry-After takes whole seconds: round up, and never tell a client to retry at once.
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        return problems.write(exchange, ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many requests", "This client sent more than " + properties.capacity() + " requests in a burst or "
                        + properties.refill() + " per " + properties.period() + " (fourfold.api.rate-limit.*); "
                        + "retry after " + retryAfter + " s"), headers);
    }

    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return "address:" + (remote == null || remote.getAddress() == null ? "unknown"
                : remote.getAddress().getHostAddress());
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
