package io.fourfold.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every process the harness starts, stopped in reverse order on {@link #close()}, which a shutdown hook also calls, so
 * nothing outlives the run: not on failure, not on Ctrl-C. Clean-ups registered with {@link #atClose} run after.
 */
final class ProcessGroup implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(20);

    private final Deque<Process> processes = new ArrayDeque<>();
    private final Deque<Runnable> cleanups = new ArrayDeque<>();
    private final Thread hook = Thread.ofPlatform().unstarted(this::close);

    ProcessGroup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs {@code cleanup} on close, once, after every process has stopped (and before earlier clean-ups). */
    synchronized void atClose(Runnable cleanup) {
        cleanups.push(cleanup);
    }

    /** Starts {@code command} with its output (stdout and stderr) in {@code log}. */
    Process start(List<String> command, Path log) {
        return start(command, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private synchronized Process start(List<String> command, ProcessBuilder.Redirect output) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
            process.getOutputStream().close();
            processes.push(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), e);
        }
    }

    /**
     * Runs {@code command} to its end within {@code atMost}, with its output in {@code log} (replaced); answers the
     * output, or fails with it.
     */
    String run(List<String> command, Path log, Duration atMost) {
        Process process = start(command, ProcessBuilder.Redirect.to(log.toFile()));
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new IllegalStateException(command.getFirst() + " took longer than " + atMost + "; see " + log);
            }
            String output = Files.readString(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.getFirst() + " exited with " + process.exitValue() + ":\n"
                        + output.substring(Math.max(0, output.length() - 2_000)));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            forget(process);
        }
    }

    /** SIGTERM, then SIGKILL after a grace period; the process's children (a broker's VM) go with it. */
    void stop(Process process) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forget(process);
        }
    }

    /** SIGKILL: no shutdown hook of the process runs. */
    void kill(Process process) throws InterruptedException {
        process.destroyForcibly().waitFor();
        forget(process);
    }

    private synchronized void forget(Process process) {
        processes.remove(process);
    }

    @Override
    public void close() {
        while (true) {
            Process next;
            synchronized (this) {
                next = processes.peek();
            }
            if (next == null) {
                break;
            }
            stop(next);
        }
        while (true) {
            Runnable next;
            synchronized (this) {
                next = cleanups.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.run();
            } catch (RuntimeException failure) {
                System.err.println("a clean-up failed: " + failure);
            }
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                System.err.println("the JVM is exiting: its hook finds nothing left to stop");
            }
        }
    }
}
