package io.fourfold.api.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.MediaType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's own parts: the description on top (the decisions a client of the API must know), the
 * two security schemes, and the answers every {@code /api} operation shares.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String DESCRIPTION = """
            Fourfold runs tasks (background jobs) on workers. Submit a task, then read it, follow its events, or wait \
            for its result in the same call.

            ## Lifecycle
            `SCHEDULED` (waiting for `runAt`) → `QUEUED` → `RUNNING` → `SUCCEEDED`; a failed attempt goes to \
            `RETRYING` and back to `QUEUED` after its backoff, and when attempts run out (or the error is not \
            retryable) to `FAILED`, the dead-letter queue. `CANCELLED` ends a cancelled task. A timeout is a failed \
            attempt with `error.type` = `TIMEOUT`.

            ## Defaults
            priority 0 (0 to 9, higher runs sooner); maxAttempts: the type's, else 3 (at most 100); attempt \
            timeout: the type's, else 5 min (at most 24 h); queue: the type's, else `default`; payload `{}`. \
            Retries back off 1 s × 2^(attempt−1), capped at 5 min, with full jitter. Finished tasks and idempotency \
            keys are kept 24 h, dead letters 7 days. Limits: request body 1 MiB and payload 512 KiB (`413` above), \
            batch 1000 items, `?wait=` 60 s. Each is a `fourfold.api.*` / `fourfold.*` property.

            ## Known task types
            A type is known once any worker has registered it, and stays known when workers scale to zero, so \
            submits are accepted while workers redeploy (the tasks wait). Types can also be declared in \
            `fourfold.api.task-types`. An unknown type is a `422` that lists the known ones. Payloads are checked \
            against the JSON Schema the workers registered (`400`, with `errors` naming `payload.<path>`).

            ## Request/reply
            `POST /api/tasks?wait=PT10S` answers `200` with the final view if the task ends (SUCCEEDED, FAILED or \
            CANCELLED) within the wait, else `202` with the task as it stands; the task keeps running either way.

            ## Idempotency
            Send `Idempotency-Key` to make retries safe: the same key with the same request (compared after defaults \
            are applied) answers `200` with the original task; the same key with a different request is a `422`.

            ## Security
            Every `/api` call needs credentials unless auth is off (`fourfold.api.security.enabled=false`, the \
            standalone default): an API key in the `X-API-Key` header, or `Authorization: Bearer <JWT>` from the \
            issuer in `spring.security.oauth2.resourceserver.jwt.*`. Roles: `read` (every GET) ⊂ `submit` (also \
            submit, `?wait=`, create workflows, and cancel the tasks and workflows it submitted) ⊂ `admin` (everything, cancel any task). A JWT's \
            roles are read from its `roles` claim (`fourfold.api.security.jwt.roles-claim`), else from `scope`. \
            Missing or invalid credentials are a `401` with `WWW-Authenticate`; a role that does not allow the call \
            is a `403`. The caller's name (API key name or JWT subject) owns the tasks it submits and scopes its \
            idempotency keys. The OpenAPI page and Actuator (on the management port) need no credentials.

            ## Rate limit
            Each caller (API key name or JWT subject; the client address while auth is off) has a token bucket: \
            bursts of 200 calls, 100 a second sustained (`fourfold.api.rate-limit.*`). Answers carry \
            `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the bucket is full); over \
            the limit the answer is a `429` with `Retry-After`. An event stream counts once, when opened.

            ## Errors
            Every error is `application/problem+json` (RFC 9457) with `type`, `title`, `status` and `detail`; \
            validation problems add `errors: [{field, message}]`. Types: `/problems/invalid-request` (400), \
            `/problems/unauthorized` (401), `/problems/forbidden` (403), `/problems/task-not-found`, \
            `/problems/schedule-not-found` and `/problems/workflow-not-found` (404), `/problems/not-acceptable` \
            (406), `/problems/task-finished`, `/problems/workflow-finished` and `/problems/not-a-dead-letter` (409), `/problems/too-large` (413), `/problems/unsupported-media-type` \
            (415), `/problems/unknown-task-type` and `/problems/idempotency-conflict` (422), `/problems/rate-limited` \
            and `/problems/queue-full` (429, with `Retry-After`), \
            `/problems/backend-unavailable` (503, with `Retry-After`: nothing was stored, retry later).
            """;

    static final String API_KEY = "apiKey";
    static final String BEARER = "bearerJwt";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/ProblemDetail";

    @Bean
    OpenAPI fourfoldOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Fourfold API")
                        .version("v1")
                        .description(DESCRIPTION))
                .components(new Components()
                        .addSecuritySchemes(API_KEY, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("X-API-Key")
                                .description("An API key; the server keeps only its SHA-256"))
                        .addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("A JWT from the configured issuer, roles in its `roles` or `scope` claim")));
    }

    /**
     * What every {@code /api} operation shares, stated on each: either credential, and the answers of the
     * security filter and the rate limit, which no controller declares because they happen before one runs.
     */
    @Bean
    OpenApiCustomizer fourfoldCommonAnswers() {
        return openApi -> {
            // Replaces the schema springdoc reads from Spring's ProblemDetail class, whose extension members
            // would show as a nested "properties" object instead of at the top level where they are written.
            openApi.getComponents().addSchemas("ProblemDetail", problemSchema());
            openApi.getPaths().forEach((path, item) -> {
                if (!path.startsWith("/api/")) {
                    return;
                }
                item.readOperations().forEach(operation -> {
                    operation.setSecurity(List.of(new SecurityRequirement().addList(API_KEY),
                            new SecurityRequirement().addList(BEARER)));
                    ApiResponses responses = operation.getResponses();
                    responses.addApiResponse("401", problem("No credentials, or invalid ones")
                            .addHeaderObject("WWW-Authenticate", header("The schemes to authenticate with")));
                    responses.addApiResponse("403", problem("The caller's role does not allow this call"));
                    responses.addApiResponse("429", problem("Over the caller's rate limit; retry after `Retry-After`")
                            .addHeaderObject("Retry-After", header("Seconds to wait before retrying")));
                });
            });
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                MediaType.APPLICATION_PROBLEM_JSON_VALUE, new io.swagger.v3.oas.models.media.MediaType()
                        .schema(new Schema<>().$ref(PROBLEM_SCHEMA))));
    }

    private static Header header(String description) {
        return new Header().description(description).schema(new StringSchema());
    }

    /** RFC 9457 as this API writes it: {@code errors} on validation problems, {@code knownTypes} on a 422. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem")
                .addProperty("type", new StringSchema().example("/problems/invalid-request"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("priority: must be from 0 to 9"))
                .addProperty("instance", new StringSchema().example("/api/tasks"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema().example("priority"))
                        .addProperty("message", new StringSchema().example("must be from 0 to 9"))))
                .addProperty("knownTypes", new ArraySchema().items(new StringSchema()))
                .required(List.of("type", "title", "status", "detail"));
    }
}
