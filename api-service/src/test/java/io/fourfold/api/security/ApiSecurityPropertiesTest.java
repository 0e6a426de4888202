package io.fourfold.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.fourfold.api.ratelimit.RateLimitProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ApiSecurityPropertiesTest {

    private static final String HASH = "5d82cd6e1d7e152a479c2d18eccd48b09a8501a39bcd14e7d9ba398d079af813";

    /** Secure by default: api-service refuses everything until keys or an issuer are configured. */
    @Test
    void defaultsAreSecure() {
        ApiSecurityProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("fourfold.api.security", ApiSecurityProperties.class);
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.apiKeys()).isEmpty();
        assertThat(defaults.jwt().rolesClaim()).isEqualTo("roles");
        CorsProperties cors = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("fourfold.api.cors", CorsProperties.class);
        assertThat(cors.allowedOrigins()).isEmpty();
        RateLimitProperties rateLimit = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("fourfold.api.rate-limit", RateLimitProperties.class);
        assertThat(rateLimit).isEqualTo(new RateLimitProperties(true, 200, 100, Duration.ofSeconds(1), 100_000,
                Duration.ofSeconds(2)));
    }

    /** How a Kubernetes Secret or compose file hands keys over: environment variables. */
    @Test
    void keysBindFromTheEnvironment() {
        SystemEnvironmentPropertySource environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "FOURFOLD_API_SECURITY_API_KEYS_0_NAME", "ci",
                "FOURFOLD_API_SECURITY_API_KEYS_0_ROLE", "submit",
                "FOURFOLD_API_SECURITY_API_KEYS_0_SHA256", HASH,
                "FOURFOLD_API_SECURITY_API_KEYS_1_NAME", "ops",
                "FOURFOLD_API_SECURITY_API_KEYS_1_ROLE", "ADMIN",
                "FOURFOLD_API_SECURITY_API_KEYS_1_SHA256", HASH.toUpperCase()));
        ApiSecurityProperties bound = new Binder(ConfigurationPropertySources.from(environment))
                .bindOrCreate("fourfold.api.security", ApiSecurityProperties.class);
        assertThat(bound.apiKeys()).extracting(ApiSecurityProperties.ApiKey::name).containsExactly("ci", "ops");
        assertThat(bound.apiKeys()).extracting(ApiSecurityProperties.ApiKey::role).containsExactly(Role.SUBMIT, Role.ADMIN);
    }

    /** A plain key pasted where its hash belongs must stop the start, naming the property. */
    @Test
    void aKeyThatIsNotAHashFailsTheStart() {
        new ApplicationContextRunner()
                .withUserConfiguration(Bound.class)
                .withPropertyValues("fourfold.api.security.api-keys[0].name=ci",
                        "fourfold.api.security.api-keys[0].role=submit",
                        "fourfold.api.security.api-keys[0].sha256=my-secret-key")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("apiKeys[0].sha256").hasMessageContaining("must be the SHA-256"));
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertThat(Role.ADMIN.grants()).hasSize(3);
        assertThat(Role.SUBMIT.grants()).extracting(Object::toString).containsExactly("ROLE_READ", "ROLE_SUBMIT");
        assertThat(Role.named("Read")).contains(Role.READ);
        assertThat(Role.named("root")).isEmpty();
    }

    @EnableConfigurationProperties(ApiSecurityProperties.class)
    static class Bound {
    }
}
