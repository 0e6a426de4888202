package io.fourfold.client;

import org.jspecify.annotations.Nullable;

/**
 * Which recent tasks {@link FourfoldClient#list(TaskQuery)} returns; filters combine with AND. Start from
 * {@link #recent()} and narrow it down: {@code TaskQuery.recent().withState(TaskState.FAILED).withLimit(10)}.
 *
 * @param state  only tasks in this state
 * @param type   only tasks of this type
 * @param queue  only tasks in this queue
 * @param limit  page size, 1 to the api's maximum (500 by default); null for the api's default (50)
 * @param cursor the {@link TaskPage#nextCursor()} of the previous page
 */
public record TaskQuery(
        @Nullable TaskState state,
        @Nullable String type,
        @Nullable String queue,
        @Nullable Integer limit,
        @Nullable String cursor) {

    /** The first page of all recent tasks, newest first. */
    public static TaskQuery recent() {
        return new TaskQuery(null, null, null, null, null);
    }

    /** This query narrowed to tasks in {@code state}. */
    public TaskQuery withState(TaskState state) {
        return new TaskQuery(state, type, queue, limit, cursor);
    }

    /** This query narrowed to tasks of {@code type}. */
    public TaskQuery withType(String type) {
        return new TaskQuery(state, type, queue, limit, cursor);
    }

    /** This query narrowed to tasks in {@code queue}. */
    public TaskQuery withQueue(String queue) {
        return new TaskQuery(state, type, queue, limit, cursor);
    }

    /** This query with pages of {@code limit} tasks. */
    public TaskQuery withLimit(int limit) {
        return new TaskQuery(state, type, queue, limit, cursor);
    }

    /** This query for the page after the one that gave {@code cursor}. */
    public TaskQuery withCursor(String cursor) {
        return new TaskQuery(state, type, queue, limit, cursor);
    }
}
