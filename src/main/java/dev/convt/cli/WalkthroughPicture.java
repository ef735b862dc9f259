package dev.convt.cli;

import dev.convt.Axis;
import dev.convt.cli.Walkthrough.Cell;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** {@code convt explain --png}: the walkthrough as one picture, panels left to right, caption below. */
final class WalkthroughPicture {
    static final Color PIXEL = new Color(0xFF, 0xD5, 0x8A);
    static final Color INSERTED_ZERO = new Color(0xD6, 0xE8, 0xFA);
    static final Color PADDING = new Color(0xEC, 0xEC, 0xEC);
    private static final Color INSERTED_ZERO_INK = new Color(0x6F, 0x9C, 0xC8);
    private static final Color PADDING_INK = new Color(0xA8, 0xA8, 0xA8);
    private static final Color KERNEL = new Color(0xC9, 0xEB, 0xC1);
    private static final Color OUTPUT = new Color(0xE2, 0xD6, 0xF5);

    private static final int MARGIN = 32;
    private static final int GAP = 64;
    private static final int HEADER = 96;
    private static final int PANEL_TITLE = 44;

    private WalkthroughPicture() {
    }

    static BufferedImage draw(Walkthrough w) {
        Axis axis = w.axis();
        int prepared = w.prepared().length;
        int cell = Math.clamp(640 / prepared, 24, 44);
        int smallCell = Math.max(18, cell * 2 / 3);
        int kernelSize = axis.kernel();

        String[] titles = {
            "input " + axis.input() + "\u00d7" + axis.input(),
            "steps 1 + 2: zeros inserted, padded  " + prepared + "\u00d7" + prepared,
            "step 3: kernel flipped 180\u00b0",
            "output " + axis.output() + "\u00d7" + axis.output(),
        };
        int[] gridWidths = {axis.input() * cell, prepared * cell, kernelSize * cell, axis.output() * cell};
        int[] panelWidths = new int[4];
        for (int i = 0; i < 4; i++) {
            panelWidths[i] = Math.max(gridWidths[i], Drawing.textWidth(titles[i], Drawing.font(15, true)));
        }
        String formula = "output size = (in\u22121)\u00b7stride \u2212 pad_begin \u2212 pad_end + dilation\u00b7(kernel\u22121) + output_padding + 1";
        String arithmetic = "= " + w.outputSizeArithmetic().replace('*', '\u00b7').replace('-', '\u2212');
        String title = "Transposed convolution = insert zeros, pad, then slide the flipped kernel";
        String subtitle = w.parameters() + "   (values 1, 2, 3, \u2026 so that every step can be followed)";
        int textWidth = Math.max(Drawing.textWidth(formula, Drawing.font(15, false)), Drawing.headingWidth(title, subtitle));

        int contentWidth = panelWidths[0] + panelWidths[1] + panelWidths[2] + panelWidths[3] + 3 * GAP;
        int width = 2 * MARGIN + Math.max(contentWidth, textWidth);
        int kernelColumn = kernelSize * cell + 36 + kernelSize * smallCell;
        int gridsHeight = Math.max(prepared * cell, kernelColumn);
        int gridsTop = HEADER + PANEL_TITLE;
        int legendTop = gridsTop + gridsHeight + 28;
        int height = legendTop + 150;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Drawing.canvas(image);
        Drawing.heading(g, MARGIN, MARGIN, title, subtitle);

        int[] panelX = new int[4];
        panelX[0] = MARGIN + (width - 2 * MARGIN - contentWidth) / 2;
        for (int i = 1; i < 4; i++) {
            panelX[i] = panelX[i - 1] + panelWidths[i - 1] + GAP;
        }
        g.setFont(Drawing.font(15, true));
        for (int i = 0; i < 4; i++) {
            g.setColor(Drawing.INK);
            Drawing.centered(g, titles[i], panelX[i] + panelWidths[i] / 2, HEADER + 20);
        }
        int[] gridX = new int[4];
        for (int i = 0; i < 4; i++) {
            gridX[i] = panelX[i] + (panelWidths[i] - gridWidths[i]) / 2;
        }

        plain(g, gridX[0], gridsTop, cell, w.input(), PIXEL);
        Drawing.grid(g, gridX[1], gridsTop, cell, labels(w.prepared()),
                byCell(w.cells(), PIXEL, INSERTED_ZERO, PADDING), byCell(w.cells(), Drawing.INK, INSERTED_ZERO_INK, PADDING_INK));
        plain(g, gridX[2], gridsTop, cell, w.flippedKernel(), KERNEL);
        int originalTop = gridsTop + kernelSize * cell + 36;
        g.setFont(Drawing.font(13, false));
        g.setColor(Drawing.MUTED);
        Drawing.centered(g, "the kernel before flipping", panelX[2] + panelWidths[2] / 2, originalTop - 10);
        plain(g, panelX[2] + (panelWidths[2] - kernelSize * smallCell) / 2, originalTop, smallCell, w.kernel(), KERNEL);
        plain(g, gridX[3], gridsTop, cell, w.output(), OUTPUT);

        // The first window: the flipped kernel over the top-left corner of the grid gives output (0, 0).
        int window = axis.dilatedKernel() * cell;
        Drawing.outline(g, Drawing.HIGHLIGHT, gridX[1], gridsTop, window, window);
        Drawing.outline(g, Drawing.HIGHLIGHT, gridX[3], gridsTop, cell, cell);

        g.setColor(Drawing.INK);
        g.setFont(Drawing.font(30, false));
        int operatorY = gridsTop + Math.min(prepared * cell, 5 * cell) / 2 + 10;
        Drawing.centered(g, "\u2192", panelX[1] - GAP / 2, operatorY);
        Drawing.centered(g, "\u2605", panelX[2] - GAP / 2, operatorY);
        Drawing.centered(g, "=", panelX[3] - GAP / 2, operatorY);

        g.setFont(Drawing.font(14, false));
        int x = MARGIN;
        x = Drawing.legendEntry(g, x, legendTop, 18, PIXEL, "input pixel") + 28;
        x = Drawing.legendEntry(g, x, legendTop, 18, INSERTED_ZERO, "zero inserted between pixels (stride \u2212 1 = "
                + (axis.stride() - 1) + ")") + 28;
        Drawing.legendEntry(g, x, legendTop, 18, PADDING, "padding zero (dilation\u00b7(kernel\u22121) \u2212 padding = "
                + w.padBefore() + (w.padAfter() != w.padBefore() ? ", bottom/right " + w.padAfter() : "") + ")");
        g.setColor(Drawing.HIGHLIGHT);
        g.drawString("\u2605 slide the flipped kernel over the grid (stride 1"
                + (axis.dilation() > 1 ? ", taps " + axis.dilation() + " apart" : "")
                + "), multiply and add; dashed: the window that makes output (0, 0)", MARGIN, legendTop + 44);

        g.setColor(Drawing.INK);
        g.setFont(Drawing.font(15, false));
        g.drawString(formula, MARGIN, legendTop + 84);
        int indent = g.getFontMetrics().stringWidth("output size ");
        g.drawString(arithmetic, MARGIN + indent, legendTop + 106);
        double difference = w.engineDifference();
        g.setColor(difference == 0 ? new Color(0x2E, 0x7D, 0x32) : Color.RED);
        g.drawString(difference == 0 ? "\u2713 the Vector API engine computes the same output"
                : "\u2717 the engine differs from the reference by up to " + difference, MARGIN, legendTop + 134);
        g.dispose();
        return image;
    }

    private static void plain(Graphics2D g, int x, int y, int cell, double[][] values, Color fill) {
        int rows = values.length;
        int cols = values[0].length;
        Drawing.grid(g, x, y, cell, labels(values), filled(rows, cols, fill), filled(rows, cols, Drawing.INK));
    }

    private static String[][] labels(double[][] values) {
        String[][] labels = new String[values.length][];
        for (int r = 0; r < values.length; r++) {
            labels[r] = new String[values[r].length];
            for (int c = 0; c < values[r].length; c++) {
                labels[r][c] = Drawing.number(values[r][c]);
            }
        }
        return labels;
    }

    private static Color[][] byCell(Cell[][] cells, Color pixel, Color insertedZero, Color padding) {
        Color[][] colors = new Color[cells.length][];
        for (int r = 0; r < cells.length; r++) {
            colors[r] = new Color[cells[r].length];
            for (int c = 0; c < cells[r].length; c++) {
                colors[r][c] = switch (cells[r][c]) {
                    case VALUE -> pixel;
                    case INSERTED_ZERO -> insertedZero;
                    case PADDING -> padding;
                };
            }
        }
        return colors;
    }

    private static Color[][] filled(int rows, int cols, Color color) {
        Color[][] colors = new Color[rows][cols];
        for (Color[] row : colors) {
            Arrays.fill(row, color);
        }
        return colors;
    }
}
