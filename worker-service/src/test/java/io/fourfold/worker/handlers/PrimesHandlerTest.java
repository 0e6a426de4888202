package io.fourfold.worker.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fourfold.worker.execution.TaskContext;
import org.junit.jupiter.api.Test;

class PrimesHandlerTest {

    @Test
    void countsThePrimesUpToAndIncludingTheLimit() throws InterruptedException {
        assertThat(PrimesHandler.count(1, running())).isZero();
        assertThat(PrimesHandler.count(2, running())).isEqualTo(1);
        assertThat(PrimesHandler.count(10, running())).isEqualTo(4);
        assertThat(PrimesHandler.count(97, running())).isEqualTo(25);
        assertThat(PrimesHandler.count(100, running())).isEqualTo(25);
        assertThat(PrimesHandler.count(262_145, running())).isEqualTo(23_000);
        assertThat(PrimesHandler.count(1_000_000, running())).isEqualTo(78_498);
        assertThat(PrimesHandler.count(10_000_000, running())).isEqualTo(664_579);
    }

    @Test
    void stopsWhenTheAttemptIsCancelled() {
        assertThatThrownBy(() -> PrimesHandler.count(1_000_000_000, cancelled()))
                .isInstanceOf(InterruptedException.class);
    }

    private static TaskContext running() {
        return context(false);
    }

    private static TaskContext cancelled() {
        return context(true);
    }

    private static TaskContext context(boolean cancelled) {
        return new TaskContext() {
            @Override
            public String taskId() {
                return "test";
            }

            @Override
            public int attempt() {
                return 1;
            }

            @Override
            public int maxAttempts() {
                return 1;
            }

            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }
        };
    }
}
