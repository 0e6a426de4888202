package io.fourfold.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one run measures and how much.
 *
 * @param repository  the checkout whose jars run and where the results go
 * @param command     the command line that started the run, printed in the results
 * @param smoke       tiny sizes, one run each: proves every scenario still works, in seconds
 * @param runs        how many times each scenario runs; the tables give the median
 * @param echoTasks   no-op tasks per end-to-end drain
 * @param sleepTasks  tasks of the IO-bound scenario
 * @param sleepMillis how long each of them sleeps
 * @param poolSize    the bounded pool the IO-bound scenario compares the virtual threads with
 * @param primesTasks tasks of the CPU-bound scenario
 * @param primesUpTo  how far each of them counts primes
 * @param waitRequests requests per round of the {@code ?wait=} latency scenario, shared by its clients
 * @param crashTasks  tasks running on the worker that the recovery scenario kills
 * @param perfTestSeconds how long PerfTest runs
 * @param xaddRequests requests of redis-benchmark's XADD
 * @param output      the directory of results.md and its charts
 * @param blocks      which blocks of scenarios run: {@code redis}, {@code rabbitmq}, {@code memory}
 */
record BenchOptions(Path repository, String command, boolean smoke, int runs, int echoTasks, int sleepTasks,
                    int sleepMillis, int poolSize, int primesTasks, long primesUpTo, int waitRequests, int crashTasks,
                    int perfTestSeconds, int xaddRequests, Path output, Set<String> blocks) {

    static final Set<String> BLOCKS = Set.of("redis", "rabbitmq", "memory");

    static final String USAGE = """
            scripts/bench.sh [--smoke] [--runs R] [--echo-tasks N] [--output DIR] [--only BLOCK,...]

              --smoke          every scenario once with tiny sizes (seconds, not minutes); results go to
                               bench/target/smoke unless --output is given
              --runs R         runs per scenario (default 3); the tables give the median
              --echo-tasks N   no-op tasks per end-to-end drain (default 50000, a multiple of 1000)
              --output DIR     where results.md and the charts go (default docs/benchmarks)
              --only BLOCK,... only these blocks of scenarios: redis, rabbitmq, memory (default all), for a
                               before/after of one backend; its results.md then holds only their figures
              --no-build       (scripts/bench.sh) run the jars already built
            """;

    static BenchOptions parse(Path repository, String command, List<String> arguments) {
        boolean smoke = arguments.contains("--smoke");
        int runs = smoke ? 1 : 3;
        int echoTasks = smoke ? 2_000 : 50_000;
        Path output = repository.resolve(smoke ? "bench/target/smoke" : "docs/benchmarks");
        Set<String> blocks = BLOCKS;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "--smoke" -> { }
                case "--runs" -> runs = positive(argument, value(arguments, ++i));
                case "--echo-tasks" -> echoTasks = positive(argument, value(arguments, ++i));
                case "--output" -> output = Path.of(value(arguments, ++i)).toAbsolutePath();
                case "--only" -> blocks = blocks(value(arguments, ++i));
                default -> throw new IllegalArgumentException("unknown argument " + argument + "\n" + USAGE);
            }
        }
        if (echoTasks % ApiClient.BATCH != 0) {
            throw new IllegalArgumentException("--echo-tasks must be a multiple of " + ApiClient.BATCH);
        }
        return smoke
                ? new BenchOptions(repository, command, true, runs, echoTasks, 100, 200, 10, 4, 2_000_000, 50, 2, 3,
                        5_000, output, blocks)
                : new BenchOptions(repository, command, false, runs, echoTasks, 10_000, 1_000, 200, 16, 50_000_000,
                        500, 4, 20, 200_000, output, blocks);
    }

    private static Set<String> blocks(String names) {
        Set<String> blocks = Set.of(names.split(","));
        if (!BLOCKS.containsAll(blocks)) {
            throw new IllegalArgumentException("--only takes blocks among " + new TreeSet<>(BLOCKS) + "\n" + USAGE);
        }
        return blocks;
    }

    private static String value(List<String> arguments, int index) {
        if (index >= arguments.size()) {
            throw new IllegalArgumentException(arguments.get(index - 1) + " needs a value\n" + USAGE);
        }
        return arguments.get(index);
    }

    private static int positive(String name, String value) {
        int parsed = Integer.parseInt(value);
        if (parsed < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return parsed;
    }
}
