package io.fourfold.api.security;

import io.fourfold.api.system.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The one security filter chain of the api. Only {@code /api} needs credentials: the dashboard's static files and
 * the OpenAPI page are public (springdoc serves the latter only while {@code springdoc.*} has it on), and Actuator
 * lives on the management port, where probes must work without credentials. The API is stateless: no session,
 * no CSRF token (nothing is authenticated by cookie), no login form.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiSecurityProperties.class, CorsProperties.class})
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Strict for the dashboard at {@code /}: same-origin scripts and fetches only, no framing, no plugins. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /**
     * No observation of each filter of the chain: about 5 % of the CPU samples of a submit (docs/benchmarks.md),
     * telling nothing that {@code http.server.requests} does not. Authentications and authorizations are still
     * observed.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
    }

    /** Also the default authentication manager, which keeps Boot from inventing a user with a logged password. */
    @Bean
    ApiKeyAuthentication apiKeyAuthentication(ApiSecurityProperties properties) {
        return new ApiKeyAuthentication(properties.apiKeys());
    }

    /** A bean, so that the firewall in front of the chain answers with a problem too. */
    @Bean
    SecurityProblems securityProblems(ProblemResponses responses, ObjectProvider<ReactiveJwtDecoder> jwtDecoder) {
        return new SecurityProblems(responses, jwtDecoder.getIfAvailable() != null);
    }

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ApiSecurityProperties properties, CorsProperties cors,
            ApiKeyAuthentication apiKeys, SecurityProblems problems, ObjectProvider<ReactiveJwtDecoder> jwtDecoder) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .exceptionHandling(refusals -> refusals.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        if (cors.allowedOrigins().isEmpty()) {
            http.cors(ServerHttpSecurity.CorsSpec::disable);
        } else {
            http.cors(spec -> spec.configurationSource(corsSource(cors)));
        }
        if (!properties.enabled()) {
            log.warn("API security is off (fourfold.api.security.enabled=false): every caller may do everything");
            return http.build();
        }
        AuthenticationWebFilter apiKeyFilter = new AuthenticationWebFilter(apiKeys);
        apiKeyFilter.setServerAuthenticationConverter(apiKeys);
        apiKeyFilter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(problems));
        http.addFilterAt(apiKeyFilter, SecurityWebFiltersOrder.AUTHENTICATION);
        ReactiveJwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            http.oauth2ResourceServer(jwt -> jwt.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                    .jwt(spec -> spec.jwtDecoder(decoder)
                            .jwtAuthenticationConverter(new JwtRoles(properties.jwt().rolesClaim()))));
        }
        if (properties.apiKeys().isEmpty() && decoder == null) {
            log.warn("API security is on but no API key (fourfold.api.security.api-keys) and no JWT issuer "
                    + "(spring.security.oauth2.resourceserver.jwt.*) is configured: every /api call is refused");
        }
        return http.authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, "/api/**").hasAuthority(Role.READ.authority())
                        .pathMatchers(HttpMethod.HEAD, "/api/**").hasAuthority(Role.READ.authority())
                        // Cancelling another caller's task is refused later, where the task's owner is known.
                        .pathMatchers(HttpMethod.POST, "/api/tasks", "/api/tasks/batch", "/api/tasks/*/cancel",
                                "/api/workflows", "/api/workflows/*/cancel")
                        .hasAuthority(Role.SUBMIT.authority())
                        .pathMatchers("/api/**").hasAuthority(Role.ADMIN.authority())
                        .anyExchange().permitAll())
                .build();
    }

    private static UrlBasedCorsConfigurationSource corsSource(CorsProperties cors) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(cors.allowedOrigins());
        configuration.setAllowedMethods(cors.allowedMethods());
        configuration.setAllowedHeaders(cors.allowedHeaders());
        configuration.setExposedHeaders(cors.exposedHeaders());
        configuration.setMaxAge(cors.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", configuration);
        return source;
    }
}
