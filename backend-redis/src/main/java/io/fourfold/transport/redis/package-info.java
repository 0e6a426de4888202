/**
 * The Redis backend: work travels through Redis Streams (one per queue and priority, one consumer group), and task
 * records, events, idempotency keys and the worker registry live in Redis hashes, channels and sorted sets. Every
 * step that touches more than one key is one Lua script, so it happens whole or not at all.
 */
@NullMarked
package io.fourfold.transport.redis;

import org.jspecify.annotations.NullMarked;
