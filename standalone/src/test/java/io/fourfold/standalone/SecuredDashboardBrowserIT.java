package io.fourfold.standalone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard with the api's security on, as api-service runs by default: the page asks for an API key, refuses
 * a wrong one, then does everything with the right one, following a task over SSE read with fetch() (EventSource
 * cannot send the X-API-Key header). See {@link BrowserTest}.
 */
@SpringBootTest(classes = FourfoldStandalone.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "fourfold.worker.backoff.base=50ms", "fourfold.worker.backoff.max=200ms",
                "fourfold.api.security.enabled=true"})
class SecuredDashboardBrowserIT {

    private static final String KEY = "dashboard-" + UUID.randomUUID();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void apiKey(DynamicPropertyRegistry registry) throws Exception {
        String sha256 = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
        registry.add("fourfold.api.security.api-keys[0].name", () -> "operator");
        registry.add("fourfold.api.security.api-keys[0].role", () -> "admin");
        registry.add("fourfold.api.security.api-keys[0].sha256", () -> sha256);
    }

    @Test
    void theDashboardAsksForAKeyAndWorksWithIt() throws Exception {
        BrowserTest.run(port, "secured", Map.of("API_KEY", KEY));
    }
}
