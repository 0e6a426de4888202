package io.fourfold.worker.execution;

import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates the JSON Schema (draft 2020-12) of a payload type, including its Bean Validation constraints, so the
 * API can refuse a bad payload before it is ever queued.
 */
final class PayloadSchemas {

    private final SchemaGenerator generator;
    private final JsonMapper mapper;

    PayloadSchemas(JsonMapper mapper) {
        this.mapper = mapper;
        this.generator = new SchemaGenerator(
                new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                        .with(new JakartaValidationModule(JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED,
                                JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                        .build());
    }

    /** The schema of {@code type}; any JSON (an empty schema) for a handler that takes raw JSON or no payload. */
    JsonNode of(@Nullable Type type) {
        if (type == null || type == Object.class
                || (type instanceof Class<?> raw && JsonNode.class.isAssignableFrom(raw))) {
            return mapper.createObjectNode();
        }
        return generator.generateSchema(type);
    }
}
