package io.fourfold.api.status;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@code GET /api/tasks}.
 *
 * @param nextCursor pass as {@code cursor} for the next page; {@code null} on the last page
 */
record TaskListView(List<TaskView> tasks, @Nullable String nextCursor) {
}
