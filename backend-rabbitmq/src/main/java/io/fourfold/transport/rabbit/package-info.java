/**
 * The RabbitMQ transport: work through durable quorum queues with publisher confirms and manual acks, delays through
 * per-step TTL queues; the records live in the Redis state store, written through {@link io.fourfold.transport.TaskRecords}.
 */
@NullMarked
package io.fourfold.transport.rabbit;

import org.jspecify.annotations.NullMarked;
