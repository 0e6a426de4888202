package io.fourfold.demos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * The green-threads gotcha, {@code run_in_executor} in Java: a WebFlux app whose {@code /work} handler makes a
 * blocking call (a 100 ms sleep standing for JDBC, a file, a legacy client) either right on the Netty event loop
 * (the mistake) or bridged off it to {@code Schedulers.boundedElastic()} or to a virtual thread (the fix). The main
 * method starts the app on a free loopback port and measures from outside, with the JDK's HTTP client: while
 * {@code 2 x loops} clients call {@code /work} in a loop, one probe calls {@code /ping} (which does nothing) over
 * and over and records its latency. Arguments: {@code --quick} measures each case for 2 s instead of 8 s.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class LoopBlockingDemo {

    static final long BLOCK_MILLIS = 100;

    /** Where {@code /work} runs its blocking call. */
    enum Where {
        LOOP, ELASTIC, VIRTUAL
    }

    @RestController
    static class Endpoints {

        private final Scheduler virtualThreads =
                Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "virtual");

        @GetMapping("/ping")
        Mono<String> ping() {
            return Mono.just("pong");
        }

        @GetMapping("/work")
        Mono<String> work(@RequestParam Where on, @RequestParam(defaultValue = "" + BLOCK_MILLIS) long millis) {
            Mono<String> blockingCall = Mono.fromCallable(() -> {
                Thread.sleep(millis);
                return "slept " + millis + " ms on " + Thread.currentThread();
            });
            return switch (on) {
                case LOOP -> blockingCall;
                case ELASTIC -> blockingCall.subscribeOn(Schedulers.boundedElastic());
                case VIRTUAL -> blockingCall.subscribeOn(virtualThreads);
            };
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Duration window = Duration.ofSeconds(quick ? 2 : 8);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LoopBlockingDemo.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "logging.level.root=warn")
                .run()) {
            int port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
            int loops = LoopResources.DEFAULT_IO_WORKER_COUNT;
            int clients = 2 * loops;
            System.out.printf("LoopBlockingDemo on 127.0.0.1:%d: %d event-loop threads; %d clients call a handler"
                    + " that blocks %d ms while a probe calls /ping for %d s%n", port, loops, clients, BLOCK_MILLIS,
                    window.toSeconds());
            URI base = URI.create("http://127.0.0.1:" + port);
            printFigure("nobody calls /work (baseline)", measure(base, null, 0, window));
            printFigure("/work blocks on the event loop (the mistake)", measure(base, Where.LOOP, clients, window));
            printFigure("/work blocks on boundedElastic", measure(base, Where.ELASTIC, clients, window));
            printFigure("/work blocks on a virtual thread", measure(base, Where.VIRTUAL, clients, window));
        }
    }

    record Figure(double p50, double p99, double max, int pings, double workPerSecond) {
    }

    /** Probes {@code /ping} for the window while {@code clients} loop on {@code /work?on=where}. */
    static Figure measure(URI base, @Nullable Where where, int clients, Duration window) throws Exception {
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpClient workers = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest ping = HttpRequest.newBuilder(base.resolve("/ping")).timeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 50; i++) {
            send(probe, ping);
        }
        long deadline = System.nanoTime() + window.toNanos();
        AtomicInteger workDone = new AtomicInteger();
        List<Double> latencies = new ArrayList<>();
        List<Future<?>> calls = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                HttpRequest work = HttpRequest.newBuilder(base.resolve("/work?on=" + where))
                        .timeout(Duration.ofSeconds(30)).build();
                calls.add(callers.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        send(workers, work);
                        workDone.incrementAndGet();
                    }
                    return null;
                }));
            }
            while (System.nanoTime() < deadline) {
                long start = System.nanoTime();
                send(probe, ping);
                latencies.add((System.nanoTime() - start) / 1e6);
                Thread.sleep(5);
            }
        }
        probe.close();
        workers.close();
        for (Future<?> call : calls) {
            call.get();
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Figure(percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1],
                sorted.length, workDone.get() / (window.toMillis() / 1000.0));
    }

    private static void send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void printFigure(String what, Figure figure) {
        System.out.println(String.format(Locale.ROOT,
                "figure: %-45s ping p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms (%d pings); /work %.0f calls/s",
                what + ":", figure.p50(), figure.p99(), figure.max(), figure.pings(), figure.workPerSecond()));
    }
}
