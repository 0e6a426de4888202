package io.fourfold.worker.handlers;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The built-in task types; {@code fourfold.worker.built-in-handlers=false} leaves only the application's own. */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "fourfold.worker.built-in-handlers", matchIfMissing = true)
@EnableConfigurationProperties({BuiltInHandlersProperties.class, HttpGetProperties.class})
public class BuiltInHandlersAutoConfiguration {

    @Bean
    EchoHandler fourfoldEchoHandler() {
        return new EchoHandler();
    }

    @Bean
    SleepHandler fourfoldSleepHandler() {
        return new SleepHandler();
    }

    @Bean
    PrimesHandler fourfoldPrimesHandler() {
        return new PrimesHandler();
    }

    @Bean
    FlakyHandler fourfoldFlakyHandler() {
        return new FlakyHandler();
    }

    @Bean
    CrashHandler fourfoldCrashHandler() {
        return new CrashHandler();
    }

    @Bean
    HttpGetHandler fourfoldHttpGetHandler(HttpGetProperties properties) {
        return new HttpGetHandler(properties);
    }
}
