package io.fourfold.worker.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fourfold.worker.RecordingTaskContext;
import org.junit.jupiter.api.Test;

class PrimesHandlerTest {

    @Test
    void countsThePrimesUpToAndIncludingTheLimit() throws InterruptedException {
        assertThat(PrimesHandler.count(1, RecordingTaskContext.running())).isZero();
        assertThat(PrimesHandler.count(2, RecordingTaskContext.running())).isEqualTo(1);
        assertThat(PrimesHandler.count(10, RecordingTaskContext.running())).isEqualTo(4);
        assertThat(PrimesHandler.count(97, RecordingTaskContext.running())).isEqualTo(25);
        assertThat(PrimesHandler.count(100, RecordingTaskContext.running())).isEqualTo(25);
        assertThat(PrimesHandler.count(262_145, RecordingTaskContext.running())).isEqualTo(23_000);
        assertThat(PrimesHandler.count(1_000_000, RecordingTaskContext.running())).isEqualTo(78_498);
        assertThat(PrimesHandler.count(10_000_000, RecordingTaskContext.running())).isEqualTo(664_579);
    }

    @Test
    void stopsWhenTheAttemptIsCancelled() {
        assertThatThrownBy(() -> PrimesHandler.count(1_000_000_000, RecordingTaskContext.cancelled()))
                .isInstanceOf(InterruptedException.class);
    }
}
