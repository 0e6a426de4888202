package io.fourfold.transport;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every Fourfold process.
 *
 * @param transport the backend: {@code memory} (one JVM, the embedded default), {@code redis} or {@code rabbitmq}
 * @param store     how long the state store keeps what it keeps
 */
@ConfigurationProperties("fourfold")
public record FourfoldProperties(
        @DefaultValue("memory") TransportKind transport,
        @DefaultValue Store store) {

    /**
     * @param retention           how long finished task records and idempotency keys are kept
     * @param deadLetterRetention how long FAILED tasks (dead letters) are kept
     */
    public record Store(
            @DefaultValue("24h") Duration retention,
            @DefaultValue("7d") Duration deadLetterRetention) {
    }
}
