package com.example.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.thumbnail.ThumbnailHandler.Picture;
import io.fourfold.worker.RecordingTaskContext;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The handler as plain code: a handler is a method, testable without a worker around it. */
class ThumbnailHandlerTest {

    private final ThumbnailHandler handler = new ThumbnailHandler();
    private final RecordingTaskContext context = RecordingTaskContext.running();

    @Test
    void scalesAPortraitPictureToFitTheBoxKeepingItsAspectRatio() throws IOException {
        assertThat(handler.thumbnail(new Picture(600, 1200, 100), context))
                .satisfies(thumbnail -> {
                    assertThat(thumbnail.width()).isEqualTo(50);
                    assertThat(thumbnail.height()).isEqualTo(100);
                    assertThat(thumbnail.pngBytes()).isPositive();
                });
        assertThat(context.progress()).containsExactly("drawn 600x1200");
    }

    @Test
    void keepsAPictureThatAlreadyFits() throws IOException {
        assertThat(handler.thumbnail(new Picture(40, 30, 64), context))
                .satisfies(thumbnail -> assertThat(thumbnail.width()).isEqualTo(40))
                .satisfies(thumbnail -> assertThat(thumbnail.height()).isEqualTo(30));
    }
}
