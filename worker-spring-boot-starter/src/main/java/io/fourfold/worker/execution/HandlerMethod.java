package io.fourfold.worker.execution;

import io.fourfold.task.ExecutorKind;
import io.fourfold.task.TaskError;
import io.fourfold.transport.TaskTypeInfo;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link TaskHandler} method, checked at startup: how to read its payload, how to call it, and the defaults
 * it registers for its type.
 *
 * @param payloadIndex the position of the payload parameter, -1 when it takes none
 * @param contextIndex the position of the {@link TaskContext} parameter, -1 when it takes none
 */
record HandlerMethod(
        String type,
        ExecutorKind executor,
        String queue,
        int maxAttempts,
        Duration timeout,
        List<Class<? extends Throwable>> nonRetryable,
        Object bean,
        Method method,
        int payloadIndex,
        int contextIndex) {

    /** Where it is declared, for messages: {@code SleepHandler.sleep}. */
    String source() {
        return method.getDeclaringClass().getSimpleName() + '.' + method.getName();
    }

    @Nullable Type payloadType() {
        return payloadIndex < 0 ? null : method.getGenericParameterTypes()[payloadIndex];
    }

    TaskTypeInfo info(JsonNode payloadSchema) {
        return new TaskTypeInfo(type, executor, queue, maxAttempts, timeout, payloadSchema);
    }

    /**
     * Reads the payload JSON into the parameter's type and validates it.
     *
     * @throws InvalidPayloadException when it cannot be read or breaks a constraint
     */
    @Nullable Object readPayload(JsonNode json, JsonMapper mapper, Validator validator) {
        Type target = payloadType();
        if (target == null) {
            return null;
        }
        Object payload;
        try {
            payload = mapper.readerFor(mapper.constructType(target)).readValue(json);
        } catch (JacksonException unreadable) {
            throw new InvalidPayloadException("The payload does not match " + type + ": "
                    + unreadable.getOriginalMessage());
        }
        if (payload == null) {
            throw new InvalidPayloadException("The payload of " + type + " is required");
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(payload);
        if (!violations.isEmpty()) {
            throw new InvalidPayloadException(violations.stream()
                    .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                    .map(violation -> violation.getPropertyPath() + ": " + violation.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return payload;
    }

    /** Calls the handler; its own exception comes out unwrapped. */
    @Nullable Object invoke(@Nullable Object payload, TaskContext context) throws Exception {
        Object[] arguments = new Object[method.getParameterCount()];
        if (payloadIndex >= 0) {
            arguments[payloadIndex] = payload;
        }
        if (contextIndex >= 0) {
            arguments[contextIndex] = context;
        }
        try {
            return method.invoke(bean, arguments);
        } catch (InvocationTargetException thrown) {
            if (thrown.getCause() instanceof Exception failure) {
                throw failure;
            }
            ReflectionUtils.rethrowRuntimeException(thrown.getCause());
            throw thrown;
        }
    }

    boolean isRetryable(Throwable failure) {
        return isRetryable(nonRetryable, failure);
    }

    /** Whether a handler that declares {@code nonRetryable} may try {@code failure} again. */
    static boolean isRetryable(List<Class<? extends Throwable>> nonRetryable, Throwable failure) {
        return !(failure instanceof NonRetryableTaskException)
                && nonRetryable.stream().noneMatch(kind -> kind.isInstance(failure));
    }

    /** The error of an attempt whose result Jackson cannot write: not worth a retry. */
    static TaskError resultNotJson(String type, JacksonException unwritable) {
        return new TaskError("RESULT_NOT_JSON", "The result of " + type + " cannot be written as JSON: "
                + unwritable.getOriginalMessage());
    }

    /** The payload could not be read or is invalid: the task fails at once with {@code VALIDATION}. */
    static final class InvalidPayloadException extends RuntimeException {

        InvalidPayloadException(String message) {
            super(message);
        }
    }
}
