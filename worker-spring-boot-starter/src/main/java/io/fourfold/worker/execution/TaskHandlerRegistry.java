package io.fourfold.worker.execution;

import io.fourfold.task.ExecutorKind;
import io.fourfold.transport.TaskTypeInfo;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds every {@link TaskHandler} method among the application's beans once they all exist, checks it, and
 * fails startup with a message naming the method when something is wrong (a type declared twice, an executor that
 * is not available, a timeout that does not parse, a signature it cannot call).
 */
final class TaskHandlerRegistry implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beans;
    private final PayloadSchemas schemas;
    private volatile Map<String, HandlerMethod> handlers = Map.of();
    private volatile List<TaskTypeInfo> types = List.of();

    TaskHandlerRegistry(ConfigurableListableBeanFactory beans, PayloadSchemas schemas) {
        this.beans = beans;
        this.schemas = schemas;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, HandlerMethod> found = new LinkedHashMap<>();
        for (String name : beans.getBeanNamesForType(Object.class, false, false)) {
            if (ScopedProxyUtils.isScopedTarget(name)) {
                continue;
            }
            Class<?> type = AutoProxyUtils.determineTargetClass(beans, name);
            if (type == null) {
                continue;
            }
            Map<Method, TaskHandler> annotated = MethodIntrospector.selectMethods(type,
                    (MethodIntrospector.MetadataLookup<TaskHandler>) method ->
                            AnnotatedElementUtils.findMergedAnnotation(method, TaskHandler.class));
            if (annotated.isEmpty()) {
                continue;
            }
            Object bean = beans.getBean(name);
            annotated.forEach((method, annotation) -> {
                HandlerMethod handler = check(bean, AopUtils.selectInvocableMethod(method, bean.getClass()),
                        annotation);
                HandlerMethod twin = found.putIfAbsent(handler.type(), handler);
                if (twin != null) {
                    throw new IllegalStateException("Task type '" + handler.type() + "' is declared twice: by "
                            + twin.source() + " and by " + handler.source() + ". Task types must be unique.");
                }
            });
        }
        handlers = Map.copyOf(found);
        types = found.values().stream().map(handler -> handler.info(schemas.of(handler.payloadType()))).toList();
    }

    private HandlerMethod check(Object bean, Method method, TaskHandler annotation) {
        String where = "@TaskHandler " + method.getDeclaringClass().getSimpleName() + '.' + method.getName();
        if (annotation.type().isBlank()) {
            throw new IllegalStateException(where + " needs a type");
        }
        if (annotation.executor() == ExecutorKind.PROCESS) {
            Class<?> handlerClass = ClassUtils.getUserClass(bean);
            if (!hasConstructorWithoutArguments(handlerClass)) {
                throw new IllegalStateException(where + " (type '" + annotation.type() + "') runs on PROCESS, where a"
                        + " child process makes the handler anew: " + handlerClass.getSimpleName()
                        + " needs a constructor without arguments (its Spring dependencies do not reach the child)");
            }
        }
        if (annotation.maxAttempts() < 1) {
            throw new IllegalStateException(where + " needs maxAttempts of at least 1");
        }
        Duration timeout;
        try {
            timeout = Duration.parse(annotation.timeout());
        } catch (DateTimeParseException notDuration) {
            throw new IllegalStateException(where + " has timeout '" + annotation.timeout()
                    + "', which is not an ISO-8601 duration such as PT5M");
        }
        if (!timeout.isPositive()) {
            throw new IllegalStateException(where + " needs a positive timeout");
        }
        boolean reactive = Publisher.class.isAssignableFrom(method.getReturnType());
        if (reactive != (annotation.executor() == ExecutorKind.EVENT_LOOP)) {
            throw new IllegalStateException(where + (reactive
                    ? " returns a Publisher: declare executor = EVENT_LOOP"
                    : " runs on EVENT_LOOP and must return a Mono"));
        }
        int payloadIndex = -1;
        int contextIndex = -1;
        Class<?>[] parameters = method.getParameterTypes();
        for (int index = 0; index < parameters.length; index++) {
            if (parameters[index] == TaskContext.class && contextIndex < 0) {
                contextIndex = index;
            } else if (payloadIndex < 0) {
                payloadIndex = index;
            } else {
                throw new IllegalStateException(where + " takes " + Arrays.toString(parameters)
                        + ": a handler takes at most one payload and one TaskContext");
            }
        }
        method.setAccessible(true);
        return new HandlerMethod(annotation.type(), annotation.executor(), annotation.queue(),
                annotation.maxAttempts(), timeout, List.of(annotation.nonRetryable()), bean, method, payloadIndex,
                contextIndex);
    }

    private static boolean hasConstructorWithoutArguments(Class<?> type) {
        try {
            type.getDeclaredConstructor();
            return true;
        } catch (NoSuchMethodException missing) {
            return false;
        }
    }

    @Nullable HandlerMethod find(String type) {
        return handlers.get(type);
    }

    List<TaskTypeInfo> types() {
        return types;
    }

    /** The executors that at least one handler uses: only their free slots invite more work. */
    Set<ExecutorKind> executorsInUse() {
        return handlers.values().stream().map(HandlerMethod::executor)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ExecutorKind.class)));
    }
}
