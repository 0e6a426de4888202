package io.fourfold.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A worker-service process. It holds no beans of its own: the engine is auto-configured by the worker starter and
 * the built-in handlers by {@code BuiltInHandlersAutoConfiguration} (see the
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports} of both jars), so
 * standalone, or any application that adds this jar, gets the same worker.
 */
@SpringBootApplication
public class WorkerServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkerServiceApplication.class, args);
    }
}
