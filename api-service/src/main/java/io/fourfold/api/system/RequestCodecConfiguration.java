package io.fourfold.api.system;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How request bodies are read. Only decoding is changed; answers are written by Boot's own mapper.
 *
 * <p>A request body is untrusted input read on the event loop, so the parser is bounded on purpose: the body
 * size caps memory ({@code maxInMemorySize}, answered with {@code 413}); the nesting depth caps the recursion of
 * the parser and of the JSON Schema check that follows; string, number and name lengths cap the cost of a single
 * token (a 100-digit number is more than any task needs, while parsing a million-digit one is quadratic). The
 * reader is strict, so a mistake is an answer and not a silent default: unknown fields and scalars of the wrong
 * JSON type ({@code "priority": "5"}) are rejected with the field named.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class RequestCodecConfiguration {

    /** Runs after Boot's own codec customizer (which sets the default decoder and size), so these settings win. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    CodecCustomizer fourfoldRequestCodec(ApiProperties properties) {
        JsonMapper requestMapper = requestMapper(properties);
        int maxInMemorySize = Math.toIntExact(properties.maxRequestSize().toBytes());
        return configurer -> {
            configurer.defaultCodecs().maxInMemorySize(maxInMemorySize);
            configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(requestMapper));
        };
    }

    static JsonMapper requestMapper(ApiProperties properties) {
        ApiProperties.Json limits = properties.json();
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .maxNameLength(limits.maxNameLength())
                .maxDocumentLength(properties.maxRequestSize().toBytes())
                .build();
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
    }
}
