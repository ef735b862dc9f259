package dev.convt.reference;

import dev.convt.Axis;
import dev.convt.ConvTransposeProblem;

/**
 * The oracle: transposed convolution computed the way it is explained, in three plain steps per
 * (input channel, output channel) pair, in float64.
 *
 * <ol>
 *   <li>{@link #insertZeros}: put {@code stride - 1} zeros between neighbouring input pixels, so an
 *       axis of size {@code n} becomes {@code n + (stride - 1)(n - 1)};</li>
 *   <li>{@link #pad}: pad each side by {@code dilation*(kernel-1) - pad}; a negative amount crops.
 *       output_padding adds that many more rows/columns at the bottom/right;</li>
 *   <li>{@link #correlate} with the {@link #flip flipped} kernel: an ordinary stride-1 dilated
 *       convolution (cross-correlation, as deep-learning libraries define it).</li>
 * </ol>
 * Nothing here is optimized; it is written to be read next to the three steps above.
 */
public final class ZeroInterpolationReference {
    private ZeroInterpolationReference() {
    }

    /**
     * Computes the transposed convolution of {@code x} (NCHW) with {@code w} (Cin, Cout/G, kh, kw)
     * and {@code bias} (Cout, or {@code null}); returns the output in NCHW.
     */
    public static double[] forward(ConvTransposeProblem p, double[] x, double[] w, double[] bias) {
        Axis ah = p.height();
        Axis aw = p.width();
        int cinPerGroup = p.inChannelsPerGroup();
        int coutPerGroup = p.outChannelsPerGroup();
        double[] y = new double[p.batch() * p.outChannels() * ah.output() * aw.output()];
        for (int n = 0; n < p.batch(); n++) {
            for (int ci = 0; ci < p.inChannels(); ci++) {
                double[][] image = plane(x, (n * p.inChannels() + ci), ah.input(), aw.input());
                double[][] prepared = prepareInput(image, ah, aw);
                int group = ci / cinPerGroup;
                for (int cog = 0; cog < coutPerGroup; cog++) {
                    double[][] kernel = plane(w, ci * coutPerGroup + cog, ah.kernel(), aw.kernel());
                    double[][] contribution = correlate(prepared, flip(kernel), ah.dilation(), aw.dilation());
                    int co = group * coutPerGroup + cog;
                    addPlane(y, n * p.outChannels() + co, contribution);
                }
            }
            if (bias != null) {
                for (int co = 0; co < p.outChannels(); co++) {
                    int base = (n * p.outChannels() + co) * ah.output() * aw.output();
                    for (int i = 0; i < ah.output() * aw.output(); i++) {
                        y[base + i] += bias[co];
                    }
                }
            }
        }
        return y;
    }

    /** Steps 1 and 2 for one input plane: zero insertion, then padding (or cropping). */
    public static double[][] prepareInput(double[][] image, Axis h, Axis w) {
        double[][] interpolated = insertZeros(image, h.stride(), w.stride());
        return pad(interpolated,
                fullPadding(h) - h.padBegin(), fullPadding(w) - w.padBegin(),
                fullPadding(h) - h.padEnd() + h.outputPadding(), fullPadding(w) - w.padEnd() + w.outputPadding());
    }

    /** {@code dilation * (kernel - 1)}: the padding that lets every tap reach every input pixel. */
    public static int fullPadding(Axis axis) {
        return axis.dilation() * (axis.kernel() - 1);
    }

    /** Step 1: {@code strideH - 1} zero rows between rows, {@code strideW - 1} zero columns between columns. */
    public static double[][] insertZeros(double[][] image, int strideH, int strideW) {
        int rows = image.length;
        int cols = image[0].length;
        double[][] out = new double[rows + (strideH - 1) * (rows - 1)][cols + (strideW - 1) * (cols - 1)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * strideH][c * strideW] = image[r][c];
            }
        }
        return out;
    }

    /** Step 2: adds zero rows/columns on each side; a negative amount removes them instead. */
    public static double[][] pad(double[][] image, int top, int left, int bottom, int right) {
        int rows = image.length + top + bottom;
        int cols = image[0].length + left + right;
        double[][] out = new double[Math.max(rows, 0)][Math.max(cols, 0)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int sr = r - top;
                int sc = c - left;
                boolean inside = sr >= 0 && sr < image.length && sc >= 0 && sc < image[0].length;
                out[r][c] = inside ? image[sr][sc] : 0.0;
            }
        }
        return out;
    }

    /** The kernel rotated by 180 degrees. */
    public static double[][] flip(double[][] kernel) {
        int rows = kernel.length;
        int cols = kernel[0].length;
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = kernel[rows - 1 - r][cols - 1 - c];
            }
        }
        return out;
    }

    /** Step 3: stride-1 cross-correlation with a dilated kernel, keeping only full overlaps. */
    public static double[][] correlate(double[][] image, double[][] kernel, int dilationH, int dilationW) {
        int rows = image.length - dilationH * (kernel.length - 1);
        int cols = image.length == 0 ? 0 : image[0].length - dilationW * (kernel[0].length - 1);
        double[][] out = new double[Math.max(rows, 0)][Math.max(cols, 0)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                for (int kr = 0; kr < kernel.length; kr++) {
                    for (int kc = 0; kc < kernel[0].length; kc++) {
                        sum += image[r + kr * dilationH][c + kc * dilationW] * kernel[kr][kc];
                    }
                }
                out[r][c] = sum;
            }
        }
        return out;
    }

    /** Plane {@code index} (rows x cols) of a flat row-major array, as a 2-D array. */
    public static double[][] plane(double[] flat, int index, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, (index * rows + r) * cols, out[r], 0, cols);
        }
        return out;
    }

    private static void addPlane(double[] flat, int index, double[][] plane) {
        int rows = plane.length;
        int cols = plane[0].length;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                flat[(index * rows + r) * cols + c] += plane[r][c];
            }
        }
    }
}
