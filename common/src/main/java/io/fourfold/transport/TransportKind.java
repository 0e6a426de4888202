package io.fourfold.transport;

/** The backends Fourfold can run on; chosen by {@code fourfold.transport}. */
public enum TransportKind {
    /** Everything in one JVM: the embedded default, no broker. */
    MEMORY,
    /** Redis Streams for work, Redis for the state store. */
    REDIS,
    /** RabbitMQ for work, Redis for the state store. */
    RABBITMQ
}
