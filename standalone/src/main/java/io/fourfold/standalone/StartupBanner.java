package io.fourfold.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells a newcomer where to open Fourfold once both servers listen. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final Environment environment;

    StartupBanner(Environment environment) {
        this.environment = environment;
    }

    @EventListener
    void announce(ApplicationReadyEvent ready) {
        if (!(ready.getApplicationContext() instanceof WebServerApplicationContext context)) {
            return;
        }
        int api = context.getWebServer().getPort();
        String management = environment.getProperty("local.management.port", Integer.toString(api));
        log.info("""

                Fourfold is running (one JVM, in-memory backend, auth off).
                  Dashboard   http://localhost:{}/
                  Tasks API   http://localhost:{}/api/tasks
                  Swagger UI  http://localhost:{}/swagger-ui.html
                  Health      http://localhost:{}/actuator/health
                """, api, api, api, management);
    }
}
