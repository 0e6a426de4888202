package io.fourfold.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of recent tasks, newest first.
 *
 * @param tasks      the tasks of this page
 * @param nextCursor give it to {@link TaskQuery#withCursor(String)} for the next page; null on the last page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskPage(List<TaskView> tasks, @Nullable String nextCursor) {

    /** Whether another page follows this one. */
    public boolean hasNext() {
        return nextCursor != null;
    }
}
