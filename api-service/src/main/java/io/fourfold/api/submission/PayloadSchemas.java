package io.fourfold.api.submission;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.fourfold.api.system.FieldError;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks payloads against the JSON Schema that workers registered for their type. Compiling a schema costs far
 * more than checking against it, so the compiled schema is kept per type until the registration changes.
 */
@Component
class PayloadSchemas {

    /**
     * Schemas come from workers, but a {@code $ref} to a remote URL would make the API fetch it on the event loop:
     * remote loading is off, schemas must be self-contained. A schema without {@code $schema} is read as 2020-12.
     */
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** What is wrong with {@code payload}, as fields under {@code payload}; empty when it conforms. */
    List<FieldError> check(String type, JsonNode schema, JsonNode payload) {
        Compiled current = compiled.compute(type,
                (name, known) -> known != null && known.source.equals(schema) ? known : new Compiled(schema,
                        registry.getSchema(schema)));
        return current.schema.validate(payload).stream()
                .map(error -> new FieldError(field(error.getInstanceLocation(), error.getKeyword(),
                        error.getProperty()), error.getMessage()))
                .distinct()
                .toList();
    }

    /** {@code payload.items[2].name}; a missing required property is named itself, not its parent. */
    private static String field(NodePath location, String keyword, @Nullable String property) {
        StringBuilder field = new StringBuilder("payload");
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Number index) {
                field.append('[').append(index).append(']');
            } else {
                field.append('.').append(element);
            }
        }
        if ("required".equals(keyword) && property != null) {
            field.append('.').append(property);
        }
        return field.toString();
    }

    private record Compiled(JsonNode source, Schema schema) {
    }
}
