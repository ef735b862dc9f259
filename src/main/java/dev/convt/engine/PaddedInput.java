package dev.convt.engine;

/**
 * The layout of the zero-bordered copy of the input that the kernels read, for a slab of
 * {@code images} consecutive samples: (image, row, channel, column), i.e. channels interleaved per
 * image row. Borders are wide enough that every tap of every phase reads inside the buffer, so no
 * kernel tests bounds; and with channels interleaved per row, the pixels one tap needs for a run
 * of channels lie {@link #channelStride} apart, close together in cache.
 */
final class PaddedInput {
    /** Input position of padded row/column 0 (zero or negative). */
    final int firstRow;
    final int firstCol;
    final int rows;
    final int cols;
    final int channels;
    final int images;
    final int inputRows;
    final int inputCols;

    PaddedInput(int images, int channels, AxisPhases h, AxisPhases w, int colSlack) {
        this.images = images;
        this.channels = channels;
        this.inputRows = h.input;
        this.inputCols = w.input;
        int[] rowRange = reach(h, 0);
        int[] colRange = reach(w, colSlack);
        firstRow = rowRange[0];
        firstCol = colRange[0];
        rows = rowRange[1] - rowRange[0];
        cols = colRange[1] - colRange[0];
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

    int imageSize() {
        return rows * channels * cols;
    }

    int size() {
        return images * imageSize();
    }

    /** Distance between the same pixel of neighbouring channels. */
    int channelStride() {
        return cols;
    }

    /**
     * Copies {@code count} images of the NCHW input {@code x}, from image {@code first} on, into
     * {@code xp} in this layout. Borders are left as they are: {@code xp} must be a buffer that
     * starts zeroed and holds only copies in this layout, whose fills write input pixels and
     * nothing else, always at the same places, so its borders stay zero without clearing (which
     * cost 7% of DCGAN's RGB layer).
     */
    <A> void fill(ElementKernels<A> kernels, A x, int first, int count, A xp) {
        for (int image = 0; image < count; image++) {
            fillRows(kernels, x, first + image, image, firstRow, firstRow + rows, xp);
        }
    }

    /**
     * {@link #fill} for padded rows {@code [from, to)} only (input positions) of slab image
     * {@code slot}, from image {@code image} of {@code x}: what the work on a band of output rows
     * reads, when threads split one image.
     */
    <A> void fillRows(ElementKernels<A> kernels, A x, int image, int slot, int from, int to, A xp) {
        int realFrom = Math.clamp(0, from, to);
        int realTo = Math.clamp(inputRows, from, to);
        kernels.interleaveRows(x, (image * channels * inputRows + realFrom) * inputCols, channels, inputRows * inputCols,
                realTo - realFrom, inputCols, xp, offset(slot, realFrom, 0), channels * channelStride(), channelStride());
    }

    /** Flat offset of pixel (row, col) of channel 0 of slab image {@code image}; row and col are input positions. */
    int offset(int image, int row, int col) {
        return (image * rows + row - firstRow) * channels * cols + col - firstCol;
    }
}
