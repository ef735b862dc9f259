package dev.convt.cli;

import dev.convt.bench.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** What the pictures share: a white canvas, fonts, centred text, labelled cell grids, legends, PNG output. */
final class Drawing {
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x77, 0x77, 0x77);
    static final Color GRID_LINE = new Color(0xB0, 0xB0, 0xB0);
    static final Color HIGHLIGHT = new Color(0xE0, 0x6C, 0x00);

    private Drawing() {
    }

    /** A white canvas with antialiased shapes and text; the caller disposes of it. */
    static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    /** A picture's title and, under it, a subtitle in grey, from the top-left corner ({@code x}, {@code y}). */
    static void heading(Graphics2D g, int x, int y, String title, String subtitle) {
        g.setColor(INK);
        g.setFont(font(22, true));
        g.drawString(title, x, y + 16);
        g.setFont(font(15, false));
        g.setColor(MUTED);
        g.drawString(subtitle, x, y + 44);
    }

    /** The width {@code text} takes in {@code font}, antialiased with fractional metrics as {@link #canvas} draws. */
    static int textWidth(String text, Font font) {
        return (int) Math.ceil(font.getStringBounds(text, new FontRenderContext(null, true, true)).getWidth());
    }

    /** The width {@link #heading} needs. */
    static int headingWidth(String title, String subtitle) {
        return Math.max(textWidth(title, font(22, true)), textWidth(subtitle, font(15, false)));
    }

    static Font font(float size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
    }

    /** Draws {@code text} with its centre at {@code centerX}, baseline at {@code baseline}. */
    static void centered(Graphics2D g, String text, int centerX, int baseline) {
        g.drawString(text, centerX - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    /** Draws {@code text} rotated a quarter turn anticlockwise, centred on {@code centerY}. */
    static void vertical(Graphics2D g, String text, int x, int centerY) {
        Graphics2D turned = (Graphics2D) g.create();
        turned.translate(x, centerY);
        turned.rotate(-Math.PI / 2);
        centered(turned, text, 0, 0);
        turned.dispose();
    }

    /**
     * A grid of square cells from ({@code x}, {@code y}): each filled, outlined and labelled in the
     * centre; the label font shrinks until the widest label fits a cell.
     */
    static void grid(Graphics2D g, int x, int y, int cell, String[][] labels, Color[][] fills, Color[][] inks) {
        float size = cell * 0.42f;
        g.setFont(font(size, false));
        int widest = 0;
        for (String[] row : labels) {
            for (String label : row) {
                widest = Math.max(widest, g.getFontMetrics().stringWidth(label));
            }
        }
        if (widest > cell - 4) {
            g.setFont(font(size * (cell - 4) / widest, false));
        }
        FontMetrics metrics = g.getFontMetrics();
        int baselineOffset = (cell + metrics.getAscent() - metrics.getDescent()) / 2;
        g.setStroke(new BasicStroke(1f));
        for (int r = 0; r < labels.length; r++) {
            for (int c = 0; c < labels[r].length; c++) {
                int cx = x + c * cell;
                int cy = y + r * cell;
                g.setColor(fills[r][c]);
                g.fillRect(cx, cy, cell, cell);
                g.setColor(GRID_LINE);
                g.drawRect(cx, cy, cell, cell);
                g.setColor(inks[r][c]);
                centered(g, labels[r][c], cx + cell / 2, cy + baselineOffset);
            }
        }
    }

    /** A colour swatch with its label to the right; returns the x just after the label. */
    static int legendEntry(Graphics2D g, int x, int y, int swatch, Color fill, String label) {
        g.setColor(fill);
        g.fillRect(x, y, swatch, swatch);
        g.setColor(GRID_LINE);
        g.drawRect(x, y, swatch, swatch);
        g.setColor(INK);
        FontMetrics metrics = g.getFontMetrics();
        int baseline = y + (swatch + metrics.getAscent() - metrics.getDescent()) / 2;
        g.drawString(label, x + swatch + 8, baseline);
        return x + swatch + 8 + metrics.stringWidth(label);
    }

    /** A dashed outline, for pointing at a region. */
    static void outline(Graphics2D g, Color color, int x, int y, int width, int height) {
        Graphics2D dashed = (Graphics2D) g.create();
        dashed.setColor(color);
        dashed.setStroke(new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f));
        dashed.drawRect(x, y, width, height);
        dashed.dispose();
    }

    /** Writes {@code image} as a PNG, whole or not at all. */
    static void writePng(BufferedImage image, Path target) throws IOException {
        OutputFiles.replace(target, AtomicFiles.png(image));
    }

    /** A number as short as it reads: whole numbers without a decimal point. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
