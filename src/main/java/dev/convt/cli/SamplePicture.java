package dev.convt.cli;

import dev.convt.Tensor;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;

/** The demo's {@code dcgan-samples.png}: a batch of RGB images with values in [-1, 1] as one grid. */
final class SamplePicture {
    private static final int SCALE = 2;
    private static final int GAP = 6;
    private static final int MARGIN = 24;
    private static final int HEADER = 64;

    private SamplePicture() {
    }

    /** {@code images} is (N, 3, H, W), e.g. tanh output; -1 maps to 0 and 1 to 255. */
    static BufferedImage draw(Tensor images, String title, String subtitle) {
        int count = images.dim(0);
        int height = images.dim(2);
        int width = images.dim(3);
        int columns = (int) Math.ceil(Math.sqrt(count));
        int rows = (count + columns - 1) / columns;
        int tile = width * SCALE;
        int tileHeight = height * SCALE;
        int pictureWidth = 2 * MARGIN + Math.max(columns * tile + (columns - 1) * GAP, Drawing.headingWidth(title, subtitle));
        int pictureHeight = MARGIN + HEADER + rows * tileHeight + (rows - 1) * GAP + MARGIN;
        BufferedImage picture = new BufferedImage(pictureWidth, pictureHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.canvas(picture);
        Drawing.heading(g, MARGIN, MARGIN, title, subtitle);
        float[] values = images.floats();
        int plane = height * width;
        for (int n = 0; n < count; n++) {
            BufferedImage sample = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int base = n * 3 * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = y * width + x;
                    sample.setRGB(x, y, byteOf(values[base + i]) << 16 | byteOf(values[base + plane + i]) << 8
                            | byteOf(values[base + 2 * plane + i]));
                }
            }
            int left = MARGIN + (n % columns) * (tile + GAP);
            int top = MARGIN + HEADER + (n / columns) * (tileHeight + GAP);
            g.drawImage(sample.getScaledInstance(tile, tileHeight, Image.SCALE_REPLICATE), left, top, null);
        }
        g.dispose();
        return picture;
    }

    /** [-1, 1] to 0..255. */
    static int byteOf(float value) {
        return (int) Math.round(Math.clamp((value + 1) / 2 * 255, 0, 255));
    }
}
