package io.fourfold.transport.redis;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Every key and channel name the backend uses, all under one prefix. The layout is documented in the module's
 * README table; keep the two in step.
 */
record RedisKeys(String prefix) {

    static final int LOWEST_PRIORITY = 0;
    static final int HIGHEST_PRIORITY = 9;
    /** The one consumer group every worker reads through. */
    static final String GROUP = "workers";

    /** A task's record: a hash. */
    String task(String id) {
        return prefix + "task:" + id;
    }

    String taskPrefix() {
        return prefix + "task:";
    }

    /** The channel on which every change of a task is published. */
    String events(String id) {
        return prefix + "events:" + id;
    }

    String eventsPrefix() {
        return prefix + "events:";
    }

    /** The channel on which cancel requests of running tasks go out. */
    String cancels() {
        return prefix + "cancels";
    }

    /** The work stream of one queue and priority. */
    String stream(String queue, int priority) {
        return prefix + "stream:" + queue + ":" + Math.clamp(priority, LOWEST_PRIORITY, HIGHEST_PRIORITY);
    }

    /** The work streams of a queue, highest priority first. */
    List<String> streams(String queue) {
        return IntStream.rangeClosed(LOWEST_PRIORITY, HIGHEST_PRIORITY)
                .mapToObj(level -> stream(queue, HIGHEST_PRIORITY - level))
                .toList();
    }

    /** Delayed and retrying tasks by due time: a sorted set of task ids scored by epoch millis. */
    String due() {
        return prefix + "due";
    }

    /** Failed tasks with their reason: a capped stream. */
    String deadLetters() {
        return prefix + "dead";
    }

    /** Where each stream's takeover scan goes on: a hash from stream key to XAUTOCLAIM cursor. */
    String claimCursors() {
        return prefix + "claim-cursors";
    }

    /** Every task id, for listing newest first: a sorted set with equal scores, ordered by the (time-ordered) id. */
    String index() {
        return prefix + "index";
    }

    /** Where the index sweep goes on. */
    String indexSweepCursor() {
        return prefix + "index-sweep";
    }

    /** Scope and key are length-prefixed so that no two pairs share a name. */
    String idempotency(String scope, String key) {
        return prefix + "idempotency:" + scope.length() + ":" + scope + ":" + key;
    }

    String worker(String id) {
        return prefix + "worker:" + id;
    }

    String workerPrefix() {
        return prefix + "worker:";
    }

    /** Live worker ids scored by when their heartbeat runs out. */
    String workers() {
        return prefix + "workers";
    }

    /** Known task types: a hash from type name to its registration. */
    String taskTypes() {
        return prefix + "task-types";
    }

    /**
     * The queues that have held tasks, for the figures: a set. The scripts also keep, under the prefix and per queue,
     * {@code delayed:{queue}}, {@code ready:{queue}}, {@code running:{queue}}, {@code dead-letters:{queue}} and
     * {@code finished:{second}:{queue}}; they name those keys themselves (see prelude.lua and the README's key layout).
     */
    String queues() {
        return prefix + "queues";
    }

    /** The paused queues: a set of names. */
    String paused() {
        return prefix + "paused";
    }

    /** A record whose submit is not yet confirmed by its broker: a hash like {@link #task}, invisible to reads. */
    String hidden(String id) {
        return prefix + "hidden:" + id;
    }

    String hiddenPrefix() {
        return prefix + "hidden:";
    }

    /** Hidden record ids scored by when they were inserted, for the sweep of stale ones. */
    String hiddenSince() {
        return prefix + "hidden-since";
    }

    /** A schedule: a hash of its definition (JSON), its timing, its paused flag and its cursor (epoch ms). */
    String schedule(String name) {
        return prefix + "schedule:" + name;
    }

    /** The names of the schedules: a set. */
    String schedules() {
        return prefix + "schedules";
    }

    /** Who holds one due time of a schedule: a string with an expiry. */
    String scheduleClaim(String name, long dueMillis) {
        return prefix + "schedule-claim:" + name + ":" + dueMillis;
    }

    /** Which task holds a unique key: a string (the task id) with an expiry. */
    String unique(String key) {
        return prefix + "unique:" + key;
    }

    /**
     * The limits per task type: a hash of type to its limits (JSON). The start scripts also keep, per limited type and
     * unique key, the ids of the tasks that hold a slot: sets {@code gate:type:{type}} and {@code gate:unique:{key}}.
     */
    String limits() {
        return prefix + "limits";
    }

    /** A concurrency gate of a type: the ids of its tasks that hold a slot (see {@link #limits()}). */
    String typeGate(String type) {
        return prefix + "gate:type:" + type;
    }

    /** The per-type rate buckets: a Bucket4j state (bytes) under the api's rate-limit prefix, as {@code type:...}. */
    String typeRateBucket(String type, String rate) {
        return "type:" + type.length() + ":" + type + ":" + rate;
    }

    /**
     * A workflow: a hash of its definition (JSON), state, submitted count and, once finished, its result (JSON) and
     * when it finished (epoch ms).
     */
    String workflow(String id) {
        return prefix + "workflow:" + id;
    }

    String workflowPrefix() {
        return prefix + "workflow:";
    }

    /** Every workflow id scored by when it was created (epoch ms), for listing newest first: a sorted set. */
    String workflows() {
        return prefix + "workflows";
    }

    /** The ids of the RUNNING workflows, for the sweep: a set. */
    String openWorkflows() {
        return prefix + "workflows-open";
    }

    /** The api's per-client rate-limit buckets: a Bucket4j state (bytes) under this prefix and the client's name. */
    String rateLimitPrefix() {
        return prefix + "rate-limit:";
    }
}
