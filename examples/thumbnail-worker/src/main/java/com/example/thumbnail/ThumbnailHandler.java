package com.example.thumbnail;

import io.fourfold.task.ExecutorKind;
import io.fourfold.worker.execution.TaskContext;
import io.fourfold.worker.execution.TaskHandler;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * {@code thumbnail}: draws a picture of the requested size and scales it down to fit a square box, keeping its
 * aspect ratio, then encodes the thumbnail as PNG. Pixel work is CPU work, so it runs on the platform pool; Spring
 * Boot starts the JVM headless, so no display is needed.
 */
@Component
class ThumbnailHandler {

    @TaskHandler(type = "thumbnail", executor = ExecutorKind.PLATFORM, timeout = "PT1M")
    Thumbnail thumbnail(Picture picture, TaskContext context) throws IOException {
        BufferedImage original = draw(picture.width(), picture.height());
        double scale = Math.min(1.0, (double) picture.box() / Math.max(picture.width(), picture.height()));
        int width = Math.max(1, (int) Math.round(picture.width() * scale));
        int height = Math.max(1, (int) Math.round(picture.height() * scale));
        context.progress(0.5, "drawn " + picture.width() + "x" + picture.height());
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(original, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(scaled, "png", png);
        return new Thumbnail(width, height, png.size());
    }

    /** A diagonal gradient with a circle in the middle: enough structure for the scaling to have work to do. */
    private static BufferedImage draw(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
            graphics.fillRect(0, 0, width, height);
            graphics.setColor(Color.WHITE);
            int diameter = Math.min(width, height) / 2;
            graphics.fillOval((width - diameter) / 2, (height - diameter) / 2, diameter, diameter);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /**
     * @param width  the picture's width in pixels
     * @param height the picture's height in pixels
     * @param box    the side of the square the thumbnail must fit in; a smaller picture is kept as it is
     */
    record Picture(
            @NotNull @Min(1) @Max(8192) Integer width,
            @NotNull @Min(1) @Max(8192) Integer height,
            @NotNull @Min(8) @Max(1024) Integer box) {
    }

    /**
     * @param width    the thumbnail's width in pixels
     * @param height   the thumbnail's height in pixels
     * @param pngBytes the size of the thumbnail encoded as PNG
     */
    record Thumbnail(int width, int height, int pngBytes) {
    }
}
