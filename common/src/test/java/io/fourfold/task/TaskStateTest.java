package io.fourfold.task;

import static io.fourfold.task.TaskState.CANCELLED;
import static io.fourfold.task.TaskState.FAILED;
import static io.fourfold.task.TaskState.QUEUED;
import static io.fourfold.task.TaskState.RETRYING;
import static io.fourfold.task.TaskState.RUNNING;
import static io.fourfold.task.TaskState.SCHEDULED;
import static io.fourfold.task.TaskState.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;

class TaskStateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "SCHEDULED, QUEUED", "SCHEDULED, RUNNING", "SCHEDULED, CANCELLED", "SCHEDULED, FAILED",
            "QUEUED, RUNNING", "QUEUED, CANCELLED", "QUEUED, FAILED",
            "RUNNING, RUNNING", "RUNNING, QUEUED", "RUNNING, RETRYING", "RUNNING, SUCCEEDED", "RUNNING, FAILED",
            "RUNNING, CANCELLED",
            "RETRYING, QUEUED", "RETRYING, RUNNING", "RETRYING, CANCELLED", "RETRYING, FAILED",
            "FAILED, QUEUED"})
    void allowedMoves(TaskState from, TaskState to) {
        assertThat(from.canMoveTo(to)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void succeededAndCancelledAreFinal(TaskState next) {
        assertThat(SUCCEEDED.canMoveTo(next)).isFalse();
        assertThat(CANCELLED.canMoveTo(next)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void nothingGoesBackToScheduled(TaskState from) {
        assertThat(from.canMoveTo(SCHEDULED)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void onlyARunningTaskCanSucceedOrRetry(TaskState from) {
        assertThat(from.canMoveTo(SUCCEEDED)).isEqualTo(from == RUNNING);
        assertThat(from.canMoveTo(RETRYING)).isEqualTo(from == RUNNING);
    }

    @Test
    void terminalAndWaitingStates() {
        Set<TaskState> terminal = EnumSet.noneOf(TaskState.class);
        Set<TaskState> waiting = EnumSet.noneOf(TaskState.class);
        for (TaskState state : TaskState.values()) {
            if (state.isTerminal()) {
                terminal.add(state);
            }
            if (state.isWaiting()) {
                waiting.add(state);
            }
        }
        assertThat(terminal).containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED);
        assertThat(waiting).containsExactlyInAnyOrder(SCHEDULED, QUEUED, RETRYING);
        assertThat(TaskState.sourcesOf(RUNNING)).containsExactlyInAnyOrder(SCHEDULED, QUEUED, RUNNING, RETRYING);
    }
}
