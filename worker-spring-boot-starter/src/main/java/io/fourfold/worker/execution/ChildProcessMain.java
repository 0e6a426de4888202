package io.fourfold.worker.execution;

import io.fourfold.task.TaskError;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The main class of a child process of the {@link io.fourfold.task.ExecutorKind#PROCESS} executor: reads one
 * {@link ChildProtocol.Request} from standard input, makes the handler with its no-argument constructor, calls it,
 * writes its progress and its answer to standard output as {@link ChildProtocol.Line}s, and exits. Whatever the
 * handler prints goes to standard error, so it cannot garble the protocol. A crash, a blown heap or a hang ends only
 * this process: the worker sees it exit (or kills it) without an answer.
 */
public final class ChildProcessMain {

    private ChildProcessMain() {
    }

    /** The exit code of a child whose worker died: nobody would read its answer. */
    static final int ORPHANED = 137;

    public static void main(String[] args) throws Exception {
        // A worker killed outright cannot kill its children: each one ends itself when its worker is gone.
        ProcessHandle.current().parent()
                .ifPresent(worker -> worker.onExit().thenRun(() -> Runtime.getRuntime().halt(ORPHANED)));
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        JsonMapper mapper = JsonMapper.builder().build();
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ChildProtocol.Request request = mapper.readValue(input.readLine(), ChildProtocol.Request.class);
        ChildProtocol.Line answer = run(request, mapper,
                line -> protocol.println(mapper.writeValueAsString(line)));
        protocol.println(mapper.writeValueAsString(answer));
        protocol.flush();
        // Threads the handler left behind must not keep the child alive.
        System.exit(0);
    }

    /**
     * Calls the handler and answers its result or its error. What keeps the handler from being called at all (a
     * class or constructor missing here, a payload this class path reads differently) or a result Jackson cannot
     * write fails the attempt for good, as in the worker: running it again would not help.
     */
    static ChildProtocol.Line run(ChildProtocol.Request request, JsonMapper mapper, Reports reports) {
        ClassLoader loader = ChildProcessMain.class.getClassLoader();
        Method method;
        Object handler;
        Object[] arguments;
        List<Class<? extends Throwable>> nonRetryable = new ArrayList<>();
        try {
            Class<?> type = Class.forName(request.handlerClass(), true, loader);
            Class<?>[] parameters = new Class<?>[request.parameterTypes().size()];
            for (int index = 0; index < parameters.length; index++) {
                parameters[index] = Class.forName(request.parameterTypes().get(index), false, loader);
            }
            for (String name : request.nonRetryable()) {
                nonRetryable.add(Class.forName(name, false, loader).asSubclass(Throwable.class));
            }
            method = find(type, request.method(), parameters);
            method.setAccessible(true);
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            handler = constructor.newInstance();
            arguments = new Object[parameters.length];
            if (request.payloadIndex() >= 0) {
                arguments[request.payloadIndex()] = mapper.readerFor(
                        mapper.constructType(method.getGenericParameterTypes()[request.payloadIndex()]))
                        .readValue(request.payload());
            }
        } catch (ReflectiveOperationException | RuntimeException uncallable) {
            Throwable cause = uncallable instanceof InvocationTargetException thrown && thrown.getCause() != null
                    ? thrown.getCause() : uncallable;
            return ChildProtocol.Line.error(TaskError.of(cause), false);
        }
        if (request.contextIndex() >= 0) {
            arguments[request.contextIndex()] = new ChildContext(request, reports);
        }
        Object result;
        try {
            result = method.invoke(handler, arguments);
        } catch (InvocationTargetException thrown) {
            Throwable failure = thrown.getCause();
            return ChildProtocol.Line.error(TaskError.of(failure), HandlerMethod.isRetryable(nonRetryable, failure));
        } catch (IllegalAccessException inaccessible) {
            return ChildProtocol.Line.error(TaskError.of(inaccessible), false);
        }
        try {
            return ChildProtocol.Line.result(result == null ? null : mapper.valueToTree(result));
        } catch (JacksonException unwritable) {
            return ChildProtocol.Line.error(HandlerMethod.resultNotJson(request.type(), unwritable), false);
        }
    }

    private static Method find(Class<?> type, String name, Class<?>[] parameters) throws NoSuchMethodException {
        for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
            try {
                return declaring.getDeclaredMethod(name, parameters);
            } catch (NoSuchMethodException notHere) {
                // Declared further up.
            }
        }
        throw new NoSuchMethodException(type.getName() + '.' + name + Arrays.toString(parameters));
    }

    /** Where the child's progress goes: a line on standard output each. */
    @FunctionalInterface
    interface Reports {
        void report(ChildProtocol.Line line);
    }

    /**
     * The handler's context in the child. Cancel, timeout and drain kill the child, so {@link #isCancelled} never
     * needs to answer {@code true}.
     */
    private record ChildContext(ChildProtocol.Request request, Reports reports) implements TaskContext {

        @Override
        public String taskId() {
            return request.taskId();
        }

        @Override
        public int attempt() {
            return request.attempt();
        }

        @Override
        public int maxAttempts() {
            return request.maxAttempts();
        }

        @Override
        public synchronized void progress(double fraction, @Nullable String message) {
            reports.report(ChildProtocol.Line.progress(fraction, message == null ? "" : message));
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
