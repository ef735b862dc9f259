package dev.convt.cli;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.TreeSet;

/** The demo's {@code checkerboard-overlap.png}: overlap counts of two transposed convolutions as heat maps. */
final class OverlapPicture {
    /** Viridis, from its light end: few contributions light, many dark. */
    private static final Color[] SCALE = {
        new Color(0xFD, 0xE7, 0x25), new Color(0x5E, 0xC9, 0x62), new Color(0x21, 0x91, 0x8C),
        new Color(0x3B, 0x52, 0x8B), new Color(0x44, 0x01, 0x54),
    };
    private static final Color NOTHING = new Color(0xF2, 0xF2, 0xF2);
    private static final int MARGIN = 36;
    private static final int AXIS_SPACE = 46;
    private static final int GAP = 70;
    private static final String TITLE = "Why DCGAN upsamples with kernel 4, stride 2: overlap per output pixel";
    /** The caption's lines are broken by hand to fit this. */
    private static final int CAPTION_WIDTH = 990;

    private OverlapPicture() {
    }

    static BufferedImage draw(OverlapMap... maps) {
        int max = 0;
        int rows = 0;
        int cols = 0;
        for (OverlapMap map : maps) {
            max = Math.max(max, map.max());
            rows = Math.max(rows, map.counts().length);
            cols = Math.max(cols, map.counts()[0].length);
        }
        int cell = Math.clamp(480 / Math.max(rows, cols), 14, 32);
        int mapWidth = cols * cell;
        String subtitle = "Each cell: how many (input pixel, kernel tap) pairs land on that output pixel of a transposed "
                + "convolution, " + maps[0].height().input() + "\u00d7" + maps[0].height().input() + " input.";
        int width = 2 * MARGIN + Math.max(maps.length * (AXIS_SPACE + mapWidth) + (maps.length - 1) * GAP,
                Math.max(Drawing.headingWidth(TITLE, subtitle), CAPTION_WIDTH));
        int mapsTop = MARGIN + 140;
        int legendTop = mapsTop + rows * cell + 44;
        int height = legendTop + 170;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.canvas(image);
        Drawing.heading(g, MARGIN, MARGIN, TITLE, subtitle);

        int x = MARGIN;
        for (OverlapMap map : maps) {
            drawMap(g, map, x + AXIS_SPACE, mapsTop, cell, max);
            x += AXIS_SPACE + mapWidth + GAP;
        }

        g.setFont(Drawing.font(14, false));
        g.setColor(Drawing.INK);
        g.drawString("pairs per output pixel:", MARGIN, legendTop + 14);
        int legendX = MARGIN + g.getFontMetrics().stringWidth("pairs per output pixel:") + 16;
        for (int count = 0; count <= max; count++) {
            legendX = Drawing.legendEntry(g, legendX, legendTop, 20, color(count, max), Integer.toString(count)) + 22;
        }
        g.setFont(Drawing.font(15, false));
        g.setColor(Drawing.INK);
        String[] caption = {
            "A transposed convolution spreads every input pixel over a kernel-sized patch of the output; the patches sit stride pixels apart.",
            "With kernel 3 and stride 2 the patches overlap only on every other row and column, so neighbouring pixels collect 1, 2 or 4",
            "contributions: a network has to work against that uneven pattern, and it shows up as checkerboard artifacts",
            "(Odena, Dumoulin and Olah, Distill 2016). With kernel 4 = 2 \u00d7 stride every pixel away from the border collects the same number.",
        };
        for (int i = 0; i < caption.length; i++) {
            g.drawString(caption[i], MARGIN, legendTop + 62 + 22 * i);
        }
        g.dispose();
        return image;
    }

    private static void drawMap(Graphics2D g, OverlapMap map, int x, int y, int cell, int max) {
        int[][] counts = map.counts();
        int rows = counts.length;
        int cols = counts[0].length;
        String[][] labels = new String[rows][cols];
        Color[][] fills = new Color[rows][cols];
        Color[][] inks = new Color[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                labels[r][c] = Integer.toString(counts[r][c]);
                fills[r][c] = color(counts[r][c], max);
                inks[r][c] = luminance(fills[r][c]) > 0.5 ? Drawing.INK : Color.WHITE;
            }
        }
        g.setColor(Drawing.INK);
        g.setFont(Drawing.font(17, true));
        g.drawString(map.label() + " \u2014 " + verdict(map), x, y - 66);
        g.setFont(Drawing.font(14, false));
        g.setColor(Drawing.MUTED);
        g.drawString(map.height().input() + "\u00d7" + map.width().input() + " \u2192 " + rows + "\u00d7" + cols
                + ", interior counts " + interiorCounts(map), x, y - 42);

        Drawing.grid(g, x, y, cell, labels, fills, inks);

        g.setColor(Drawing.INK);
        g.setFont(Drawing.font(11, false));
        for (int c = 0; c < cols; c++) {
            Drawing.centered(g, Integer.toString(c), x + c * cell + cell / 2, y - 6);
        }
        for (int r = 0; r < rows; r++) {
            String label = Integer.toString(r);
            g.drawString(label, x - 6 - g.getFontMetrics().stringWidth(label), y + r * cell + cell / 2 + 4);
        }
        g.setFont(Drawing.font(13, false));
        Drawing.centered(g, "output column", x + cols * cell / 2, y - 22);
        Drawing.vertical(g, "output row", x - 28, y + rows * cell / 2);
    }

    private static String verdict(OverlapMap map) {
        return interior(map).size() == 1 ? "even overlap" : "uneven overlap: checkerboard";
    }

    private static String interiorCounts(OverlapMap map) {
        TreeSet<Integer> values = interior(map);
        return values.size() == 1 ? "all " + values.first() : values.toString().replace("[", "").replace("]", "");
    }

    /** The counts away from the one-pixel border, where the patterns repeat undisturbed. */
    private static TreeSet<Integer> interior(OverlapMap map) {
        TreeSet<Integer> values = new TreeSet<>();
        int[][] counts = map.counts();
        for (int r = 1; r < counts.length - 1; r++) {
            for (int c = 1; c < counts[r].length - 1; c++) {
                values.add(counts[r][c]);
            }
        }
        return values;
    }

    /** {@code 0} in grey, {@code 1..max} along the scale. */
    static Color color(int count, int max) {
        if (count == 0) {
            return NOTHING;
        }
        double t = max <= 1 ? 0 : (count - 1) / (double) (max - 1) * (SCALE.length - 1);
        int i = Math.min((int) t, SCALE.length - 2);
        double f = t - i;
        Color a = SCALE[i];
        Color b = SCALE[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private static double luminance(Color color) {
        return (0.299 * color.getRed() + 0.587 * color.getGreen() + 0.114 * color.getBlue()) / 255;
    }
}
