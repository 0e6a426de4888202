package io.fourfold.client.autoconfigure;

import io.fourfold.client.FourfoldClient;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link FourfoldClient} bean when {@code fourfold.client.base-url} is set and the application has none of its
 * own. It starts from the application's {@link WebClient.Builder} and {@link JsonMapper} when there are such beans,
 * so the application's HTTP observations and JSON settings apply to its calls to Fourfold too.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration"})
@ConditionalOnProperty(prefix = "fourfold.client", name = "base-url")
@EnableConfigurationProperties(FourfoldClientProperties.class)
public class FourfoldClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FourfoldClient fourfoldClient(FourfoldClientProperties properties, ObjectProvider<WebClient.Builder> webClients,
            ObjectProvider<JsonMapper> mappers) {
        FourfoldClient.Builder client = FourfoldClient.builder()
                .baseUrl(Objects.requireNonNull(properties.baseUrl(), "fourfold.client.base-url"))
                .blockingTimeout(properties.blockingTimeout());
        webClients.ifAvailable(client::webClientBuilder);
        mappers.ifAvailable(client::jsonMapper);
        if (properties.apiKey() != null && !properties.apiKey().isBlank()) {
            client.apiKey(properties.apiKey());
        }
        return client.build();
    }
}
