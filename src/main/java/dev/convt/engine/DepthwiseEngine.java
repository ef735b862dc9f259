package dev.convt.engine;

import dev.convt.Axis;
import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Depthwise transposed convolution (one input and one output channel per group): each channel's
 * reduction is a handful of taps, too little work for a tile, so this engine computes whole
 * output rows of one channel, vectorized across output columns, and stores them contiguously.
 *
 * <p>Along the height it uses the stride phases: output row {@code oh} takes only the kernel rows
 * {@code kh} with {@code oh + pad - kh*dilation} divisible by the stride. Along the width, output
 * column {@code ow} sits at {@code ow + pad = stride*q + r}; it takes exactly the kernel columns
 * {@code kw} with {@code kw*dilation = r + stride*m}, from input column {@code q - m}. So with
 * {@code U[ow] = x[q(ow)]}, the input row upsampled by repetition to output coordinates,
 * {@code y[ow] = sum over m of W_m[r(ow)] * U[ow - stride*m]}, where {@code W_m[r]} is the
 * weight of the column with that shift and residue (zero if none). For a vector of output
 * columns the residues follow a fixed pattern, so each shift {@code m} is one fused multiply-add
 * of a contiguous load of {@code U} with a precomputed weight-pattern vector: no zero is
 * multiplied and every load and store is a whole contiguous vector.
 *
 * <p>Work items are (image, channel, band of {@link #BAND_ROWS} output rows); each output element
 * is summed by one item in a fixed order (kernel rows ascending, then shifts), whatever the
 * thread count.
 */
final class DepthwiseEngine<A> implements Engine<A> {
    static final int BAND_ROWS = 32;

    private final ConvTransposeProblem problem;
    private final ElementKernels<A> kernels;
    private final A bias;
    private final int bands;
    private final int lanes;
    /** Shifts {@code m} per kernel row: {@code (kernel - 1) * dilation / stride + 1} along the width. */
    private final int shifts;
    /** Weight patterns, per (channel, kernel row, shift, residue of the vector's first column): one vector each. */
    private final A patterns;
    /** Upsampled rows hold output columns {@code [firstColumn, firstColumn + rowLength)}. */
    private final int firstColumn;
    private final int rowLength;
    /** Per band: the input rows its output rows read, [first, end). */
    private final int[] bandFirstRow;
    private final int[] bandEndRow;
    /** Per output row: the kernel rows that reach it from a real input row (its stride phase), and those input rows. */
    private final int[][] kernelRowsOf;
    private final int[][] inputRowsOf;
    private final ThreadLocal<Scratch<A>> scratchPerThread;

    DepthwiseEngine(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias) {
        if (problem.inChannelsPerGroup() != 1 || problem.outChannelsPerGroup() != 1) {
            throw new IllegalArgumentException("DEPTHWISE_ROWS needs one input and one output channel per group, not "
                    + problem.inChannelsPerGroup() + " and " + problem.outChannelsPerGroup());
        }
        this.problem = problem;
        this.kernels = kernels;
        this.bias = bias;
        lanes = kernels.lanes();
        Axis ah = problem.height();
        Axis aw = problem.width();
        bands = Math.ceilDiv(ah.output(), BAND_ROWS);
        shifts = (aw.kernel() - 1) * aw.dilation() / aw.stride() + 1;
        firstColumn = -(shifts - 1) * aw.stride();
        rowLength = aw.output() - firstColumn + lanes;
        patterns = packPatterns(weight);
        kernelRowsOf = new int[ah.output()][];
        inputRowsOf = new int[ah.output()][];
        for (int oh = 0; oh < ah.output(); oh++) {
            int row = oh;
            kernelRowsOf[oh] = IntStream.range(0, ah.kernel()).filter(kh -> {
                int position = row + ah.padBegin() - kh * ah.dilation();
                return Math.floorMod(position, ah.stride()) == 0 && position / ah.stride() >= 0
                        && position / ah.stride() < ah.input();
            }).toArray();
            inputRowsOf[oh] = Arrays.stream(kernelRowsOf[oh]).map(kh -> (row + ah.padBegin() - kh * ah.dilation()) / ah.stride()).toArray();
        }
        bandFirstRow = new int[bands];
        bandEndRow = new int[bands];
        int rows = 1;
        for (int band = 0; band < bands; band++) {
            int ohFirst = band * BAND_ROWS;
            int ohLast = Math.min(ah.output(), ohFirst + BAND_ROWS) - 1;
            bandFirstRow[band] = Math.max(0,
                    Math.floorDiv(ohFirst + ah.padBegin() - (ah.kernel() - 1) * ah.dilation() + ah.stride() - 1, ah.stride()));
            bandEndRow[band] = Math.max(bandFirstRow[band], Math.min(ah.input(), Math.floorDiv(ohLast + ah.padBegin(), ah.stride()) + 1));
            rows = Math.max(rows, bandEndRow[band] - bandFirstRow[band]);
        }
        int rowsPerBand = rows;
        // upsampleRow may write a vector's worth past the last row.
        scratchPerThread = ThreadLocal.withInitial(() -> new Scratch<>(kernels.newArray(rowsPerBand * rowLength + lanes),
                new int[ah.kernel()], new int[ah.kernel()]));
    }

    /** Per-worker buffers, reused across executions: the band's upsampled input rows and per-row tap offsets. */
    private record Scratch<A>(A rows, int[] rowOffset, int[] patternOffset) {
    }

    private A packPatterns(A weight) {
        Axis ah = problem.height();
        Axis aw = problem.width();
        int stride = aw.stride();
        int channels = problem.outChannels();
        A packed = kernels.newArray(channels * ah.kernel() * shifts * stride * lanes);
        for (int c = 0; c < channels; c++) {
            for (int kh = 0; kh < ah.kernel(); kh++) {
                for (int m = 0; m < shifts; m++) {
                    for (int residue = 0; residue < stride; residue++) {
                        int pattern = patternIndex(c, kh, m, residue);
                        for (int lane = 0; lane < lanes; lane++) {
                            int r = (residue + lane) % stride;
                            int position = r + stride * m;
                            if (position % aw.dilation() == 0 && position / aw.dilation() < aw.kernel()) {
                                int kw = position / aw.dilation();
                                kernels.copy(weight, (c * ah.kernel() + kh) * aw.kernel() + kw, packed, pattern + lane);
                            }
                        }
                    }
                }
            }
        }
        return packed;
    }

    /** Start of the pattern vector for (channel, kernel row, shift, residue). */
    private int patternIndex(int channel, int kh, int m, int residue) {
        return (((channel * problem.height().kernel() + kh) * shifts + m) * problem.width().stride() + residue) * lanes;
    }

    @Override
    public void execute(A x, A y, ForkJoinPool pool) {
        int items = problem.batch() * problem.outChannels() * bands;
        WorkScheduler.run(pool, items, problem.flops(), (from, to) -> {
            Scratch<A> scratch = scratchPerThread.get();
            for (int item = from; item < to; item++) {
                runItem(x, y, item, scratch);
            }
        });
    }

    private void runItem(A x, A y, int item, Scratch<A> s) {
        Axis ah = problem.height();
        Axis aw = problem.width();
        int band = item % bands;
        int channel = (item / bands) % problem.outChannels();
        int image = item / bands / problem.outChannels();
        int firstRow = bandFirstRow[band];
        int source = (image * problem.inChannels() + channel) * ah.input() * aw.input();
        for (int ih = firstRow; ih < bandEndRow[band]; ih++) {
            kernels.upsampleRow(x, source + ih * aw.input(), aw.input(), aw.stride(), firstColumn + aw.padBegin(),
                    s.rows(), (ih - firstRow) * rowLength, rowLength);
        }
        int ohEnd = Math.min(ah.output(), (band + 1) * BAND_ROWS);
        for (int oh = band * BAND_ROWS; oh < ohEnd; oh++) {
            int[] kernelRows = kernelRowsOf[oh];
            int taps = kernelRows.length;
            for (int t = 0; t < taps; t++) {
                s.rowOffset()[t] = (inputRowsOf[oh][t] - firstRow) * rowLength - firstColumn;
                s.patternOffset()[t] = patternIndex(channel, kernelRows[t], 0, 0);
            }
            int target = ((image * problem.outChannels() + channel) * ah.output() + oh) * aw.output();
            kernels.depthwiseOutputRow(s.rows(), s.rowOffset(), patterns, s.patternOffset(), taps, shifts, aw.stride(),
                    Math.floorMod(aw.padBegin(), aw.stride()), y, target, aw.output(), bias, channel);
        }
    }

    @Override
    public KernelChoice kernel() {
        return KernelChoice.DEPTHWISE_ROWS;
    }

    @Override
    public String describe() {
        return "path DEPTHWISE_ROWS: whole output rows of one channel, vectorized across " + lanes
                + " output columns; stride phases along the height, " + shifts + " weight-pattern shift(s) along the width; "
                + problem.batch() * problem.outChannels() * bands + " work item(s) of up to " + BAND_ROWS
                + " rows, " + VectorWidth.describe();
    }
}
