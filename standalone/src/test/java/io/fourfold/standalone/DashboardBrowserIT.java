package io.fourfold.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard of a live standalone (auth off) in headless Chromium; see {@link BrowserTest}. Screenshots land in
 * {@code target/browser-test/standalone}; with {@code -Dfourfold.dashboard-screenshot=PATH} the overview's is also
 * copied there, which is how the README's {@code docs/dashboard.png} is made: {@code ./mvnw -pl standalone verify
 * -Dit.test=DashboardBrowserIT -Dfourfold.dashboard-screenshot=../docs/dashboard.png}.
 */
@SpringBootTest(classes = FourfoldStandalone.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "fourfold.worker.backoff.base=50ms",
                "fourfold.worker.backoff.max=200ms"})
class DashboardBrowserIT {

    @LocalServerPort
    int port;

    @Test
    void theDashboardSubmitsFollowsAndCancelsTasks() throws Exception {
        Path screenshots = BrowserTest.run(port, "standalone", Map.of());

        String copy = System.getProperty("fourfold.dashboard-screenshot", "");
        if (!copy.isBlank()) {
            Files.copy(screenshots.resolve("dashboard.png"), Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
