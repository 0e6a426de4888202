package io.fourfold.task;

/**
 * Why an attempt or a task failed. {@code type} is a stable code ({@value #TIMEOUT}, {@value #VALIDATION}, ...)
 * or the simple name of the handler's exception.
 */
public record TaskError(String type, String message) {

    public static final String TIMEOUT = "TIMEOUT";
    public static final String VALIDATION = "VALIDATION";
    public static final String CANCELLED = "CANCELLED";
    public static final String WORKER_LOST = "WORKER_LOST";
    public static final String POISON = "POISON";
    public static final String UNSUPPORTED_SCHEMA = "UNSUPPORTED_SCHEMA";
    public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";

    public static TaskError of(Throwable failure) {
        String message = failure.getMessage();
        return new TaskError(failure.getClass().getSimpleName(), message == null ? failure.getClass().getName() : message);
    }
}
