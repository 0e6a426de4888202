package io.fourfold.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * One JVM that runs the api and the worker together on the in-memory backend. The worker comes in through its
 * auto-configuration; the api is scanned, but not its application class, which would start a context of its own.
 */
@SpringBootApplication
@ComponentScan(basePackages = {"io.fourfold.standalone", "io.fourfold.api"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
public class FourfoldStandalone {

    public static void main(String[] args) {
        SpringApplication.run(FourfoldStandalone.class, args);
    }
}
