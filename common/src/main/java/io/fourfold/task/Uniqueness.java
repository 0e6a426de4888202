package io.fourfold.task;

/**
 * A submit's ask that its task be unique by {@code key} while a task with that key waits or runs.
 *
 * @param key  what makes two tasks the same, chosen by the client (for example {@code "sync:customer-42"})
 * @param mode what happens to a new task while one with the same key is under way
 */
public record Uniqueness(String key, Mode mode) {

    /** What a unique key may be: it is part of store keys, so it is kept plain. */
    public static final String KEY_FORMAT = "[a-zA-Z0-9._:/-]{1,200}";

    public enum Mode {
        /** The new task is dropped while one with the key is queued, scheduled, running or retrying. */
        DROP,
        /**
         * The new task is dropped while one with the key has not started yet (it will run after the update anyway);
         * while one runs, the new task is accepted and starts only after that one ends, so no update is missed.
         * At most one runs at a time.
         */
        TRAILING;

        /** Whether a task with the key in {@code state} stands for a new one, which is then not made. */
        public boolean standsFor(TaskState state) {
            return switch (this) {
                case DROP -> !state.isTerminal();
                case TRAILING -> state == TaskState.QUEUED || state == TaskState.SCHEDULED;
            };
        }
    }
}
