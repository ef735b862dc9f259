package dev.convt.engine;

/**
 * The zero-bordered copy of the input that the kernels read: (N, Cin, rows, cols) with enough
 * zeros around every image that each tap of each phase reads inside the buffer, so no kernel
 * tests bounds. Built once per execution; it costs one pass over the input.
 */
final class PaddedInput {
    /** Input position of padded row/column 0 (zero or negative). */
    final int firstRow;
    final int firstCol;
    final int rows;
    final int cols;
    final int plane;
    final int batch;
    final int channels;
    final int inputRows;
    final int inputCols;

    PaddedInput(int batch, int channels, AxisPhases h, AxisPhases w, int colSlack) {
        this.batch = batch;
        this.channels = channels;
        this.inputRows = h.input;
        this.inputCols = w.input;
        int[] rowRange = reach(h, 0);
        int[] colRange = reach(w, colSlack);
        firstRow = rowRange[0];
        firstCol = colRange[0];
        rows = rowRange[1] - rowRange[0];
        cols = colRange[1] - colRange[0];
        plane = rows * cols;
    }

    /** [lowest, highest + 1) input position any tap of any phase reads, widened to cover the real input. */
    private static int[] reach(AxisPhases axis, int slack) {
        int lo = 0;
        int hi = axis.input;
        for (int r = 0; r < axis.phases; r++) {
            if (axis.count[r] == 0 || axis.taps[r].length == 0) {
                continue;
            }
            int maxShift = axis.tapShift[r][axis.taps[r].length - 1];
            lo = Math.min(lo, axis.firstQ[r] - maxShift);
            hi = Math.max(hi, axis.firstQ[r] + axis.count[r] + slack);
        }
        return new int[] {lo, hi};
    }

    int size() {
        return batch * channels * plane;
    }

    /** Flat offset of input pixel (n, channel 0, row, col) in the padded buffer. */
    int offset(int n, int row, int col) {
        return n * channels * plane + (row - firstRow) * cols + (col - firstCol);
    }

    /** Flat offset of the first element of image row {@code row} of channel {@code nc = n*C + c}. */
    int rowStart(int nc, int row) {
        return nc * plane + (row - firstRow) * cols - firstCol;
    }
}
