package dev.convt.cli;

import dev.convt.Axis;
import dev.convt.ConvTranspose2d;

/**
 * How many (input pixel, kernel tap) pairs land on each output pixel of a single-channel
 * transposed convolution. Where the kernel size is not a multiple of the stride these counts
 * alternate from pixel to pixel, which is where the "checkerboard artifacts" of upsampling
 * networks come from (Odena, Dumoulin and Olah, Distill 2016).
 *
 * @param height the resolved height axis
 * @param width  the resolved width axis
 * @param counts [output row][output column]
 */
record OverlapMap(Axis height, Axis width, int[][] counts) {

    /** The overlap counts of {@code convolution} (one input and one output channel) on a {@code size x size} input. */
    static OverlapMap of(ConvTranspose2d convolution, int size) {
        var problem = convolution.resolve(1, 1, size, size);
        Axis h = problem.height();
        Axis w = problem.width();
        int[][] counts = new int[h.output()][w.output()];
        for (int ih = 0; ih < h.input(); ih++) {
            for (int kh = 0; kh < h.kernel(); kh++) {
                int oh = h.outputOf(ih, kh);
                for (int iw = 0; iw < w.input(); iw++) {
                    for (int kw = 0; kw < w.kernel(); kw++) {
                        int ow = w.outputOf(iw, kw);
                        if (oh >= 0 && oh < h.output() && ow >= 0 && ow < w.output()) {
                            counts[oh][ow]++;
                        }
                    }
                }
            }
        }
        return new OverlapMap(h, w, counts);
    }

    /**
     * The comparison the demo draws: stride 2 with kernel 3 (output_padding 1, so that both double
     * the size) against kernel 4, padding 1, on an 8x8 input.
     */
    static OverlapMap[] checkerboardComparison() {
        return new OverlapMap[] {
            of(ConvTranspose2d.builder(1, 1, 3).stride(2).padding(1).outputPadding(1).bias(false).build(), 8),
            of(ConvTranspose2d.builder(1, 1, 4).stride(2).padding(1).bias(false).build(), 8),
        };
    }

    int max() {
        int max = 0;
        for (int[] row : counts) {
            for (int count : row) {
                max = Math.max(max, count);
            }
        }
        return max;
    }

    /** Kernel, stride, padding and output_padding, e.g. {@code "K3 S2 P1 OP1"}. */
    String label() {
        return "K" + height.kernel() + " S" + height.stride() + " P" + height.padBegin()
                + (height.outputPadding() > 0 ? " OP" + height.outputPadding() : "");
    }
}
