package io.fourfold.transport.redis;

import java.time.Instant;

/**
 * What a {@link io.fourfold.transport.TaskDelivery#deliveryId()} stands for here: the stream entry and the consumer
 * that holds it, written as {@code "<entry id> <consumer> <stream key>"} (consumer names have no spaces).
 */
record DeliveryHandle(String entry, String consumer, String stream) {

    static DeliveryHandle parse(String deliveryId) {
        String[] parts = deliveryId.split(" ", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a Redis delivery: " + deliveryId);
        }
        return new DeliveryHandle(parts[0], parts[1], parts[2]);
    }

    /** When the entry was added to its stream (its id starts with Redis's clock in milliseconds): when it got ready. */
    Instant addedAt() {
        return Instant.ofEpochMilli(Long.parseLong(entry.substring(0, entry.indexOf('-'))));
    }

    String id() {
        return entry + " " + consumer + " " + stream;
    }
}
