package io.fourfold.worker.execution;

import io.fourfold.task.TaskError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a {@link io.fourfold.task.ExecutorKind#PROCESS} handler in a child JVM of its own, one per attempt, as
 * Celery's prefork pool or BullMQ's sandboxed processors isolate a job: a crash, a blown heap or a native hang ends
 * only the child, and the attempt fails with {@link ChildTaskException#CHILD_EXITED}. The child runs
 * {@link ChildProcessMain} on this worker's class path with a heap of its own; a virtual thread here feeds it the
 * request, relays its progress and waits for its answer. Timeout, cancel and drain stop it by killing the child.
 */
final class ProcessAttemptExecutor implements AttemptExecutor {

    private static final String BOOT_LOADER = "org.springframework.boot.loader.";
    /** Set on each child JVM's command line, before the rest: {@code -Dfourfold.task-id=<id>}. */
    static final String TASK_ID_PROPERTY = "-Dfourfold.task-id=";

    private final List<String> command;
    private final JsonMapper mapper;
    private final Executor threads;

    /**
     * @param jvmOptions the child JVM's options (heap size and the like), before its class path
     * @param threads    where the attempt waits for its child: a virtual thread each
     */
    ProcessAttemptExecutor(List<String> jvmOptions, JsonMapper mapper, Executor threads) {
        this.command = command(jvmOptions);
        this.mapper = mapper;
        this.threads = threads;
    }

    /**
     * {@code java <options> -cp <this class path> ChildProcessMain}; from a Spring Boot executable jar, whose nested
     * jars only Boot's loader reads, through its {@code PropertiesLauncher} with {@code loader.main}.
     */
    static List<String> command(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        if (ChildProcessMain.class.getClassLoader().getClass().getName().startsWith(BOOT_LOADER)) {
            command.add("-Dloader.main=" + ChildProcessMain.class.getName());
            command.add(BOOT_LOADER + "launch.PropertiesLauncher");
        } else {
            command.add(ChildProcessMain.class.getName());
        }
        return List.copyOf(command);
    }

    /** The command with the task's id up front, where {@code ps} shows it (the class path may hide the rest). */
    private List<String> commandFor(ChildProtocol.Request request) {
        List<String> full = new ArrayList<>(command);
        full.add(1, TASK_ID_PROPERTY + request.taskId());
        return full;
    }

    @Override
    public Stoppable start(Invocation invocation, Listener listener) {
        ChildRun run = new ChildRun(request(invocation), invocation.context(), listener);
        threads.execute(run);
        return run;
    }

    private static ChildProtocol.Request request(Invocation invocation) {
        HandlerMethod handler = invocation.handler();
        TaskContext context = invocation.context();
        return new ChildProtocol.Request(handler.type(), ClassUtils.getUserClass(handler.bean()).getName(),
                handler.method().getName(),
                Arrays.stream(handler.method().getParameterTypes()).map(Class::getName).toList(),
                handler.nonRetryable().stream().map(Class::getName).toList(), handler.payloadIndex(), handler.contextIndex(), invocation.payload(), context.taskId(),
                context.attempt(), context.maxAttempts());
    }

    /** One child process, from its start to its exit. */
    private final class ChildRun implements Runnable, Stoppable {

        private final ChildProtocol.Request request;
        private final TaskContext context;
        private final Listener listener;
        private boolean stopped;
        private @Nullable Process child;

        ChildRun(ChildProtocol.Request request, TaskContext context, Listener listener) {
            this.request = request;
            this.context = context;
            this.listener = listener;
        }

        @Override
        public void run() {
            Process process = null;
            try {
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    process = new ProcessBuilder(commandFor(request)).redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start();
                    child = process;
                }
                try (Writer input = process.outputWriter(StandardCharsets.UTF_8)) {
                    input.write(mapper.writeValueAsString(request));
                    input.write('\n');
                }
                ChildProtocol.Line answer = relay(process);
                int exit = process.waitFor();
                if (answer == null) {
                    listener.threw(ChildTaskException.exited(exit));
                } else if (answer.error() != null) {
                    listener.threw(new ChildTaskException(answer.error(), answer.retryable()));
                } else {
                    JsonNode result = answer.result();
                    listener.returned(result == null || result.isNull() ? null : result);
                }
            } catch (IOException | JacksonException broken) {
                // Also what a killed child's pipes give: then the attempt was decided already, and this is ignored.
                listener.threw(new ChildTaskException(new TaskError(ChildTaskException.CHILD_EXITED,
                        "The child process could not be run: " + broken.getMessage()), true));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                listener.threw(interrupted);
            } finally {
                if (process != null) {
                    kill(process);
                }
                listener.ended();
            }
        }

        /** Passes the child's progress on and answers its last line, {@code null} when it ended without one. */
        private ChildProtocol.@Nullable Line relay(Process process) throws IOException {
            try (BufferedReader output = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    ChildProtocol.Line read = mapper.readValue(line, ChildProtocol.Line.class);
                    if (read.answer()) {
                        return read;
                    }
                    if (read.progress() != null) {
                        context.progress(read.progress(), read.message() == null ? "" : read.message());
                    }
                }
                return null;
            }
        }

        @Override
        public void stop() {
            Process process;
            synchronized (this) {
                stopped = true;
                process = child;
            }
            if (process != null) {
                kill(process);
            }
        }
    }

    /** Kills the child and whatever it started (a handler may run a program of its own). */
    private static void kill(Process child) {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
    }
}
