package io.fourfold.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ApiTestSupport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/** The OpenAPI document, parsed and validated as a client generator would, against the endpoints that exist. */
class OpenApiDocumentTest extends ApiTestSupport {

    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Autowired
    private RequestMappingHandlerMapping mappings;

    private OpenAPI document;

    @BeforeEach
    void parse() {
        // springdoc builds the document on the first call, which takes seconds on a busy machine.
        String json = client.mutate().responseTimeout(Duration.ofMinutes(1)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, null);
        assertThat(result.getMessages()).as("OpenAPI validation messages").isEmpty();
        document = result.getOpenAPI();
    }

    @Test
    void everyEndpointIsDescribed() {
        mappings.getHandlerMethods().keySet().forEach(mapping -> mapping.getPatternsCondition().getPatterns()
                .forEach(pattern -> mapping.getMethodsCondition().getMethods().forEach(method -> {
                    if (pattern.getPatternString().startsWith("/api/")) {
                        assertThat(operation(pattern.getPatternString(), method))
                                .as(method + " " + pattern.getPatternString()).isNotNull();
                    }
                })));
        assertThat(document.getPaths()).containsKeys("/api/tasks", "/api/tasks/batch", "/api/tasks/{id}",
                "/api/tasks/{id}/events", "/api/tasks/{id}/cancel", "/api/task-types", "/api/schedules",
                "/api/schedules/{name}", "/api/schedules/{name}/pause", "/api/schedules/{name}/resume",
                "/api/workflows", "/api/workflows/{id}", "/api/workflows/{id}/cancel");
    }

    @Test
    void everyOperationDeclaresItsProblemsAndBothCredentials() {
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String name = method + " " + path;
            Map<String, ApiResponse> responses = operation.getResponses();
            assertThat(responses).as(name).containsKeys("401", "403", "429");
            responses.forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertThat(response.getContent()).as(name + " " + status).containsKey(PROBLEM_JSON);
                    assertThat(response.getContent().get(PROBLEM_JSON).getSchema().get$ref())
                            .endsWith("/ProblemDetail");
                }
            });
            assertThat(responses.get("401").getHeaders()).containsKey("WWW-Authenticate");
            assertThat(responses.get("429").getHeaders()).containsKey("Retry-After");
            assertThat(operation.getSecurity()).as(name).extracting(SecurityRequirement::keySet)
                    .anySatisfy(names -> assertThat(names).contains("apiKey"))
                    .anySatisfy(names -> assertThat(names).contains("bearerJwt"));
        }));
        assertThat(document.getComponents().getSchemas().get("ProblemDetail").getRequired())
                .contains("type", "title", "status", "detail");
    }

    @Test
    void bothSecuritySchemesAreDeclared() {
        SecurityScheme apiKey = document.getComponents().getSecuritySchemes().get("apiKey");
        assertThat(apiKey.getType()).isEqualTo(SecurityScheme.Type.APIKEY);
        assertThat(apiKey.getIn()).isEqualTo(SecurityScheme.In.HEADER);
        assertThat(apiKey.getName()).isEqualTo("X-API-Key");
        SecurityScheme bearer = document.getComponents().getSecuritySchemes().get("bearerJwt");
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(bearer.getBearerFormat()).isEqualTo("JWT");
    }

    @Test
    void submitBodiesHaveExamples() {
        for (String path : new String[] {"/api/tasks", "/api/tasks/batch"}) {
            MediaType body = document.getPaths().get(path).getPost().getRequestBody().getContent().get("application/json");
            assertThat(body.getExamples()).as(path).isNotEmpty();
            assertThat(body.getSchema()).as(path).isNotNull();
        }
        MediaType schedule = document.getPaths().get("/api/schedules/{name}").getPut().getRequestBody().getContent()
                .get("application/json");
        assertThat(schedule.getExamples()).as("PUT /api/schedules/{name}").isNotEmpty();
        assertThat(document.getInfo().getDescription()).contains("## Security", "## Rate limit", "X-API-Key");
    }

    private Operation operation(String path, RequestMethod method) {
        PathItem item = document.getPaths().get(path);
        return item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.name()));
    }
}
