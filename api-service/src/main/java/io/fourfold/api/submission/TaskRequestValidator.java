package io.fourfold.api.submission;

import io.fourfold.api.system.ApiProblem;
import io.fourfold.api.system.ApiProperties;
import io.fourfold.api.system.FieldError;
import io.fourfold.task.NewTask;
import io.fourfold.task.Uniqueness;
import io.fourfold.transport.TaskTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns request items into {@link ResolvedTask}s, all or nothing: every mistake of every item is collected and
 * answered at once, and a request with any mistake stores nothing. The checks run from cheap to costly: the
 * request's shape ({@code 400}), payload sizes ({@code 413}), task types ({@code 422}), payload schemas
 * ({@code 400}).
 */
@Component
class TaskRequestValidator {

    private static final Pattern QUEUE_NAME = Pattern.compile(NewTask.QUEUE_NAME);
    private static final int MAX_PRIORITY = 9;
    private static final Pattern UNIQUE_KEY = Pattern.compile(Uniqueness.KEY_FORMAT);

    private final ApiProperties properties;
    private final PayloadSchemas schemas;

    TaskRequestValidator(ApiProperties properties, PayloadSchemas schemas) {
        this.properties = properties;
        this.schemas = schemas;
    }

    /**
     * @param batch items are named {@code [i].field} in errors when true, {@code field} otherwise
     * @param known the known task types, with their registration when a worker has registered them
     */
    List<ResolvedTask> validate(List<@Nullable TaskRequest> requests, boolean batch,
            SortedMap<String, Optional<TaskTypeInfo>> known, Instant now) {
        return validate(requests, batch ? i -> "[" + i + "]." : i -> "", i -> true, known, now);
    }

    /**
     * @param names         the prefix of item {@code i}'s fields in errors ({@code [i].}, {@code tasks[i].}, ...)
     * @param schemaChecked whether item {@code i}'s payload is checked against its type's schema
     */
    List<ResolvedTask> validate(List<@Nullable TaskRequest> requests, IntFunction<String> names,
            IntPredicate schemaChecked, SortedMap<String, Optional<TaskTypeInfo>> known, Instant now) {
        if (requests.isEmpty()) {
            throw ApiProblem.invalid("A batch needs at least one task", List.of());
        }
        if (requests.size() > properties.batchLimit()) {
            throw ApiProblem.invalid("A batch takes at most " + properties.batchLimit() + " tasks (fourfold.api.batch-limit); "
                    + "this one has " + requests.size(), List.of());
        }
        List<FieldError> invalid = new ArrayList<>();
        List<FieldError> tooLarge = new ArrayList<>();
        List<FieldError> unknown = new ArrayList<>();
        List<ResolvedTask> resolved = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            String prefix = names.apply(i);
            TaskRequest request = requests.get(i);
            if (request == null) {
                invalid.add(new FieldError(prefix.isEmpty() ? "[" + i + "]" : prefix.substring(0, prefix.length() - 1),
                        "must be a task object"));
                continue;
            }
            Item item = new Item(request, now);
            item.errors.forEach(error -> invalid.add(error.under(prefix)));
            if (payloadSize(item.payload) > properties.maxPayloadSize().toBytes()) {
                tooLarge.add(new FieldError(prefix + "payload",
                        "is larger than " + properties.maxPayloadSize().toKilobytes() + " KiB (fourfold.api.max-payload-size)"));
            }
            if (request.type() != null && !request.type().isBlank() && !known.containsKey(request.type())) {
                unknown.add(new FieldError(prefix + "type", "unknown task type '" + request.type() + "'"));
            }
            if (item.errors.isEmpty()) {
                resolved.add(item.resolve(known.getOrDefault(item.type, Optional.empty())));
            }
        }
        if (!invalid.isEmpty()) {
            throw ApiProblem.invalid(summary(invalid), invalid);
        }
        if (!tooLarge.isEmpty()) {
            throw ApiProblem.tooLarge(summary(tooLarge), tooLarge);
        }
        if (!unknown.isEmpty()) {
            throw ApiProblem.unknownTaskType(unknown, List.copyOf(known.keySet()));
        }
        List<FieldError> nonConforming = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            if (!schemaChecked.test(i)) {
                continue;
            }
            String prefix = names.apply(i);
            ResolvedTask task = resolved.get(i);
            known.get(task.type()).map(TaskTypeInfo::payloadSchema).ifPresent(schema -> schemas
                    .check(task.type(), schema, task.payload())
                    .forEach(error -> nonConforming.add(error.under(prefix))));
        }
        if (!nonConforming.isEmpty()) {
            throw ApiProblem.invalid("The payload does not match the task type's schema", nonConforming);
        }
        return resolved;
    }

    private static String summary(List<FieldError> errors) {
        FieldError first = errors.getFirst();
        return first.field() + ": " + first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }

    /** Compact JSON size: the size the payload has in any store or broker. */
    private static long payloadSize(JsonNode payload) {
        return JsonMapper.shared().writeValueAsBytes(payload).length;
    }

    /** One item's fields, parsed, with whatever is wrong with them. */
    private final class Item {
        private final List<FieldError> errors = new ArrayList<>();
        private final String type;
        private final JsonNode payload;
        private final @Nullable String queue;
        private final int priority;
        private final @Nullable Duration delay;
        private final @Nullable Instant runAt;
        private final @Nullable Integer maxAttempts;
        private final @Nullable Duration timeout;
        private final @Nullable Uniqueness unique;

        private Item(TaskRequest request, Instant now) {
            type = request.type() == null ? "" : request.type();
            if (type.isBlank()) {
                errors.add(new FieldError("type", "is required"));
            }
            payload = request.payload() == null ? JsonNodeFactory.instance.objectNode() : request.payload();
            queue = request.queue();
            if (queue != null && !QUEUE_NAME.matcher(queue).matches()) {
                errors.add(new FieldError("queue", "must match " + QUEUE_NAME.pattern()));
            }
            priority = request.priority() == null ? 0 : request.priority();
            if (priority < 0 || priority > MAX_PRIORITY) {
                errors.add(new FieldError("priority", "must be from 0 to " + MAX_PRIORITY));
            }
            if (request.delay() != null && request.runAt() != null) {
                errors.add(new FieldError("runAt", "give either delay or runAt, not both"));
            }
            delay = parse("delay", request.delay(), Duration::parse, "an ISO-8601 duration such as PT30S");
            if (delay != null && (delay.isNegative() || delay.compareTo(properties.maxDelay()) > 0)) {
                errors.add(new FieldError("delay", "must be from PT0S to " + properties.maxDelay()
                        + " (fourfold.api.max-delay)"));
            }
            runAt = parse("runAt", request.runAt(), Instant::parse, "an ISO-8601 instant such as 2030-01-01T09:00:00Z");
            if (runAt != null && runAt.isAfter(now.plus(properties.maxDelay()))) {
                errors.add(new FieldError("runAt", "must be at most " + properties.maxDelay()
                        + " from now (fourfold.api.max-delay)"));
            }
            maxAttempts = request.maxAttempts();
            if (maxAttempts != null && (maxAttempts < 1 || maxAttempts > properties.maxAttemptsLimit())) {
                errors.add(new FieldError("maxAttempts", "must be from 1 to " + properties.maxAttemptsLimit()
                        + " (fourfold.api.max-attempts-limit)"));
            }
            timeout = parse("timeout", request.timeout(), Duration::parse, "an ISO-8601 duration such as PT5M");
            if (timeout != null && (timeout.isNegative() || timeout.isZero()
                    || timeout.compareTo(properties.maxTimeout()) > 0)) {
                errors.add(new FieldError("timeout", "must be longer than zero and at most " + properties.maxTimeout()
                        + " (fourfold.api.max-timeout)"));
            }
            unique = request.unique() == null ? null : unique(request.unique());
        }

        private @Nullable Uniqueness unique(TaskRequest.UniqueRequest request) {
            String key = request.key();
            if (key == null || !UNIQUE_KEY.matcher(key).matches()) {
                errors.add(new FieldError("unique.key", "must match " + UNIQUE_KEY.pattern()));
            }
            Uniqueness.Mode mode = Uniqueness.Mode.DROP;
            if (request.mode() != null) {
                try {
                    mode = Uniqueness.Mode.valueOf(request.mode());
                } catch (IllegalArgumentException unknownMode) {
                    errors.add(new FieldError("unique.mode", "must be DROP or TRAILING"));
                }
            }
            return key == null ? null : new Uniqueness(key, mode);
        }

        private <T> @Nullable T parse(String field, @Nullable String text, Function<String, T> parser, String expected) {
            if (text == null) {
                return null;
            }
            try {
                return parser.apply(text);
            } catch (DateTimeParseException malformed) {
                errors.add(new FieldError(field, "must be " + expected));
                return null;
            }
        }

        /** Defaults come from the request, then the type's registration, then {@code fourfold.api.*}. */
        private ResolvedTask resolve(Optional<TaskTypeInfo> registration) {
            return new ResolvedTask(type, payload,
                    queue != null ? queue : registration.map(TaskTypeInfo::queue).orElse(properties.defaultQueue()),
                    priority, delay, runAt,
                    maxAttempts != null ? maxAttempts
                            : registration.map(TaskTypeInfo::maxAttempts).orElse(properties.defaultMaxAttempts()),
                    timeout != null ? timeout
                            : registration.map(TaskTypeInfo::timeout).orElse(properties.defaultTimeout()),
                    unique);
        }
    }
}
