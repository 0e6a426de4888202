package io.fourfold.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the Fourfold HTTP API. Every call is reactive and lazy (nothing is sent until you subscribe); error
 * answers arrive as {@link FourfoldProblemException}s, one subclass per status a caller treats differently.
 * {@link #blocking()} offers the same calls for code that is not reactive.
 * <pre>{@code
 * FourfoldClient fourfold = FourfoldClient.builder().baseUrl("http://localhost:8080").apiKey(key).build();
 * TaskView done = fourfold.blocking().submitAndWait(TaskRequest.of("echo", Map.of("x", 1)), Duration.ofSeconds(10));
 * }</pre>
 * A client is immutable and thread-safe; make one per api and share it.
 */
public final class FourfoldClient {

    /** The {@code Idempotency-Key} request header. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The {@code X-API-Key} request header. */
    public static final String API_KEY = "X-API-Key";

    private static final String TASKS = "/api/tasks";
    private static final ParameterizedTypeReference<ServerSentEvent<TaskView>> TASK_EVENTS =
            new ParameterizedTypeReference<>() { };

    private final WebClient http;
    private final JsonMapper mapper;
    private final ProblemReader problems;
    private final BlockingFourfoldClient blocking;

    private FourfoldClient(WebClient http, JsonMapper mapper, Duration blockingTimeout) {
        this.http = http;
        this.mapper = mapper;
        this.problems = new ProblemReader(mapper, Clock.systemUTC());
        this.blocking = new BlockingFourfoldClient(this, blockingTimeout);
    }

    /** A builder; only {@link Builder#baseUrl(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Submits a task: {@code 202}, the task as stored (usually QUEUED, or SCHEDULED when delayed).
     *
     * @throws InvalidTaskException      (as the Mono's error) an invalid field, a payload that fails its type's schema,
     *                                   an unknown type, a request too large
     * @throws RetryLaterException       the api is rate limiting or cannot reach its backend; nothing was stored
     */
    public Mono<TaskView> submit(TaskRequest request) {
        return submit(request, null);
    }

    /**
     * Submits a task that is made at most once per {@code idempotencyKey}: sending the same key and request again
     * (say, after a timeout) returns the task of the first call instead of a second one. The same key with a
     * different request is an {@link InvalidTaskException} ({@code 422}).
     */
    public Mono<TaskView> submit(TaskRequest request, @Nullable String idempotencyKey) {
        return post(TASKS, idempotencyKey, request).bodyToMono(TaskView.class);
    }

    /**
     * Submits a task and waits up to {@code wait} (at most the api's {@code fourfold.api.max-wait}, 60 s by default)
     * for it to end, in the same HTTP call: request/reply over the queue. Returns the task as it stands when it ended
     * or when the wait ran out: check {@link TaskView#state()}; the task keeps running if it has not ended.
     */
    public Mono<TaskView> submitAndWait(TaskRequest request, Duration wait) {
        return submitAndWait(request, wait, null);
    }

    /** {@link #submitAndWait(TaskRequest, Duration)} made safe to retry with an {@code Idempotency-Key}. */
    public Mono<TaskView> submitAndWait(TaskRequest request, Duration wait, @Nullable String idempotencyKey) {
        return post(TASKS + "?wait=" + wait, idempotencyKey, request).bodyToMono(TaskView.class);
    }

    /**
     * Submits tasks all or nothing (at most the api's {@code fourfold.api.batch-limit}, 1000 by default): the views
     * come back in request order; if any item is invalid, nothing is stored and the {@link InvalidTaskException}
     * names each wrong field as {@code [index].field}.
     */
    public Mono<List<TaskView>> submitBatch(List<TaskRequest> requests) {
        return submitBatch(requests, null);
    }

    /** {@link #submitBatch(List)} made safe to retry with an {@code Idempotency-Key} over the whole batch. */
    public Mono<List<TaskView>> submitBatch(List<TaskRequest> requests, @Nullable String idempotencyKey) {
        return post(TASKS + "/batch", idempotencyKey, requests).bodyToFlux(TaskView.class).collectList();
    }

    /**
     * The task's current view.
     *
     * @throws TaskNotFoundException (as the Mono's error) no task has this id
     */
    public Mono<TaskView> get(String id) {
        return http.get().uri(TASKS + "/{id}", id).retrieve()
                .onStatus(HttpStatusCode::isError, problems::read)
                .bodyToMono(TaskView.class);
    }

    /**
     * Follows a task over Server-Sent Events: first its current view, then a view on every state change and progress
     * update, completing after the first terminal view (at once if the task has already ended). The stream is
     * opened on subscribe; an unknown id fails it with a {@link TaskNotFoundException}. If the connection ends
     * before the task does (say, the api restarts), the Flux completes after a view that is not terminal: subscribe
     * again to go on following, the first view is the task as it stands then.
     */
    public Flux<TaskView> events(String id) {
        return http.get().uri(TASKS + "/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .onStatus(HttpStatusCode::isError, problems::read)
                .bodyToFlux(TASK_EVENTS)
                .mapNotNull(ServerSentEvent::data)
                .takeUntil(TaskView::isTerminal);
    }

    /**
     * Cancels a task. A waiting one becomes CANCELLED at once and never runs; a running one is interrupted by its
     * worker, so the view returned may still say RUNNING: follow {@link #events(String)} to see the end.
     *
     * @throws TaskFinishedException (as the Mono's error) the task has already ended
     * @throws TaskNotFoundException (as the Mono's error) no task has this id
     */
    public Mono<TaskView> cancel(String id) {
        return http.post().uri(TASKS + "/{id}/cancel", id).retrieve()
                .onStatus(HttpStatusCode::isError, problems::read)
                .bodyToMono(TaskView.class);
    }

    /** One page of recent tasks, newest first; pass {@link TaskPage#nextCursor()} on for the next. */
    public Mono<TaskPage> list(TaskQuery query) {
        return http.get().uri(uri -> query(uri.path(TASKS), query)).retrieve()
                .onStatus(HttpStatusCode::isError, problems::read)
                .bodyToMono(TaskPage.class);
    }

    /** The task types the api accepts, sorted by name, with their defaults, payload schema and live workers. */
    public Mono<List<TaskType>> taskTypes() {
        return http.get().uri("/api/task-types").retrieve()
                .onStatus(HttpStatusCode::isError, problems::read)
                .bodyToFlux(TaskType.class)
                .collectList();
    }

    /**
     * The result of a SUCCEEDED task read as {@code type} with this client's mapper.
     *
     * @throws IllegalStateException the task has not succeeded; the message gives its state and error
     */
    public <T> @Nullable T resultAs(TaskView task, Class<T> type) {
        if (task.state() != TaskState.SUCCEEDED) {
            throw new IllegalStateException("Task " + task.id() + " is " + task.state()
                    + Optional.ofNullable(task.error()).map(error -> ": " + error.type() + " " + error.message()).orElse(""));
        }
        return task.result() == null ? null : mapper.treeToValue(task.result(), type);
    }

    /** The same calls for code that is not reactive: each waits for its answer on the calling thread. */
    public BlockingFourfoldClient blocking() {
        return blocking;
    }

    private WebClient.ResponseSpec post(String path, @Nullable String idempotencyKey, Object body) {
        return http.post().uri(path)
                .headers(headers -> {
                    if (idempotencyKey != null) {
                        headers.set(IDEMPOTENCY_KEY, idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .retrieve()
                .onStatus(HttpStatusCode::isError, problems::read);
    }

    private static URI query(UriBuilder uri, TaskQuery query) {
        return uri.queryParamIfPresent("state", Optional.ofNullable(query.state()))
                .queryParamIfPresent("type", Optional.ofNullable(query.type()))
                .queryParamIfPresent("queue", Optional.ofNullable(query.queue()))
                .queryParamIfPresent("limit", Optional.ofNullable(query.limit()))
                .queryParamIfPresent("cursor", Optional.ofNullable(query.cursor()))
                .build();
    }

    /** Builds a {@link FourfoldClient}; only {@link #baseUrl(String)} is required. */
    public static final class Builder {

        private @Nullable String baseUrl;
        private @Nullable String apiKey;
        private @Nullable Supplier<String> bearerToken;
        private WebClient.@Nullable Builder webClient;
        private @Nullable JsonMapper mapper;
        private Duration blockingTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Where the api answers, e.g. {@code http://localhost:8080}; paths {@code /api/...} are added to it. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Sends this key as {@code X-API-Key} on every call; not together with a bearer token. */
        public Builder apiKey(String apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
            return this;
        }

        /** Sends {@code Authorization: Bearer <token>} on every call; not together with an API key. */
        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            return bearerToken(() -> token);
        }

        /**
         * Asks {@code token} for a bearer token (a JWT) on every call, so a token that expires can be renewed. It is
         * called on the thread that subscribes, so it should return a cached token rather than fetch one.
         */
        public Builder bearerToken(Supplier<String> token) {
            this.bearerToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Starts from this {@link WebClient.Builder} (it is cloned, not changed): pass Spring Boot's to keep its
         * observability and HTTP connector settings.
         */
        public Builder webClientBuilder(WebClient.Builder webClient) {
            this.webClient = webClient.clone();
            return this;
        }

        /** Reads and writes JSON, payloads included, with this mapper; default a plain {@link JsonMapper}. */
        public Builder jsonMapper(JsonMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * How long a call of {@link #blocking()} waits for its answer (beyond the wait it asked the api for);
         * default 30 s.
         */
        public Builder blockingTimeout(Duration timeout) {
            this.blockingTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalStateException no base URL, or both an API key and a bearer token
         */
        public FourfoldClient build() {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new IllegalStateException("Set the api's base URL, e.g. builder().baseUrl(\"http://localhost:8080\")");
            }
            if (apiKey != null && bearerToken != null) {
                throw new IllegalStateException("Set an API key or a bearer token, not both");
            }
            JsonMapper json = mapper != null ? mapper : JsonMapper.builder().build();
            WebClient.Builder http = (webClient != null ? webClient : WebClient.builder())
                    .baseUrl(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl)
                    .codecs(codecs -> {
                        codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(json));
                        codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(json));
                    });
            credentials().ifPresent(http::filter);
            return new FourfoldClient(http.build(), json, blockingTimeout);
        }

        private Optional<ExchangeFilterFunction> credentials() {
            if (apiKey != null) {
                String key = apiKey;
                return Optional.of(withHeaders(headers -> headers.set(API_KEY, key)));
            }
            if (bearerToken != null) {
                Supplier<String> token = bearerToken;
                // Asked per call, not once here, so a renewed token is used as soon as the supplier has it.
                return Optional.of((request, next) -> Mono.fromSupplier(token)
                        .flatMap(current -> next.exchange(ClientRequest.from(request)
                                .headers(headers -> headers.setBearerAuth(current)).build())));
            }
            return Optional.empty();
        }

        private static ExchangeFilterFunction withHeaders(Consumer<HttpHeaders> headers) {
            return (request, next) -> next.exchange(ClientRequest.from(request).headers(headers).build());
        }
    }
}
