package dev.convt.engine;

import dev.convt.Axis;
import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stride-1 transposed convolution with a kernel 3 wide, by Winograd's minimal filtering F(2,3)
 * along the rows (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016).
 *
 * <p>At stride 1 a transposed convolution is a correlation with the flipped kernel: output column
 * {@code o} sums {@code x[o + P - kw] * w[kw]}. For the pair of output columns {@code 2t, 2t + 1},
 * the input columns {@code d_j = x[2t + P - 2 + j]} ({@code j} = 0..3) and {@code g = (w2, w1, w0)}:
 * <pre>
 *   y0 = m0 + m1 + m2,   y1 = m1 - m2 - m3,
 *   m0 = (d0 - d2) g0,   m1 = (d1 + d2) (g0 + g1 + g2) / 2,
 *   m3 = (d1 - d3) g2,   m2 = (d2 - d1) (g0 - g1 + g2) / 2,
 * </pre>
 * four products where the direct sum takes six. Summed over input channels and kernel rows, each
 * {@code m_xi} is a matrix product (column pairs x (kernel row, input channel) x output channels)
 * of the transformed input rows {@code V_xi} and the transformed weights {@code U_xi}, packed once
 * per plan; the channel micro-kernel ({@link ElementKernels#channelTile}) computes it with one
 * reduction run per kernel row. The kernel rows stay a plain sum, so any kernel height and
 * dilation along the height work.
 *
 * <p>Work items are (image, group, band of output rows, column block). An item copies its image
 * into a zero-bordered {@link PaddedInput} (per worker, kept for the image's next items),
 * transforms the input rows its band reads, multiplies them into {@code M} per transform index a
 * chunk of tiles at a time, transforms each chunk's {@code M} into a channels-last staging band
 * and writes the band out to NCHW
 * ({@link ElementKernels#writeStaged}). Each output element comes from one item, in a fixed
 * order, whatever the thread count.
 */
final class WinogradEngine<A> implements Engine<A> {
    /** Column pairs per micro-tile: two halves of 4, each within one row of pairs. */
    static final int TILE = 8;
    private static final int HALF = TILE / 2;
    /** Products per pair of output columns. */
    private static final int TRANSFORMS = 4;
    /** Tiles per chunk: a transform's products for a chunk are computed before the next transform's. */
    private static final int CHUNK_TILES = 4;
    /** Budget for a worker's band buffers: transformed input rows and the staging band. */
    private static final int BAND_BYTES = 256 << 10;

    private final ConvTransposeProblem problem;
    private final ElementKernels<A> kernels;
    private final A bias;
    private final Axis h;
    private final Axis w;
    private final PaddedInput padded;
    /** Pairs of output columns per row; rounded up to whole halves (the products' pixels per row); and to whole vectors (V's rows). */
    private final int pairs;
    private final int rowPairs;
    private final int vectorPairs;
    /** Where each output-channel panel of a group starts (channels padded to whole vectors), plus the end. */
    private final int[] panelStart;
    /** The first panel of each column block (the channels of one work item), plus the panel count. */
    private final int[] blockFirstPanel;
    /** Per (group, transform, panel): the panel's rows for (kernel row, input channel) in order. */
    private final A packedWeights;
    private final int stagePixelStride;
    private final int bandRows;
    private final BandItems items;
    private final ThreadLocal<Scratch<A>> scratchPerThread;
    /** Stamps executions, so a worker knows whether the image copy in its scratch is from this input. */
    private final AtomicLong executions = new AtomicLong();

    WinogradEngine(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias, int parallelism) {
        if (!KernelChoice.WINOGRAD.supports(problem)) {
            throw new IllegalArgumentException("WINOGRAD " + KernelChoice.WINOGRAD.requirement());
        }
        this.problem = problem;
        this.kernels = kernels;
        this.bias = bias;
        h = problem.height();
        w = problem.width();
        int lanes = kernels.lanes();
        pairs = Math.ceilDiv(w.output(), 2);
        rowPairs = KernelPath.roundUp(pairs, HALF);
        vectorPairs = KernelPath.roundUp(rowPairs, lanes);
        // The input transform reads columns P - 2 to P - 2 + 2 * vectorPairs + 1.
        padded = new PaddedInput(1, problem.inChannels(), new AxisPhases(h), new AxisPhases(w), 2 * vectorPairs + 2 - w.output());

        int cin = problem.inChannelsPerGroup();
        panelStart = ColumnBlocks.panelStarts(KernelPath.roundUp(problem.outChannelsPerGroup(), lanes), 2 * lanes);
        int widestBlock = Math.min(panelStart[panelStart.length - 1], ColumnBlocks.MAX_CHANNELS);
        long bytesPerRow = (2L * pairs * widestBlock + (long) TRANSFORMS * cin * vectorPairs) * kernels.elementBytes();
        bandRows = (int) Math.clamp(BAND_BYTES / bytesPerRow, 1, h.output());
        int bands = Math.ceilDiv(h.output(), bandRows);
        blockFirstPanel = ColumnBlocks.split(panelStart, parallelism, (long) problem.batch() * problem.groups() * bands);
        items = new BandItems(problem.batch(), problem.groups(), bands, blockFirstPanel.length - 1);
        stagePixelStride = ColumnBlocks.widest(panelStart, blockFirstPanel);
        packedWeights = packWeights(weight);

        int transformedSize = (bandRows + (h.kernel() - 1) * h.dilation()) * TRANSFORMS * cin * vectorPairs;
        int productSize = TRANSFORMS * CHUNK_TILES * TILE * stagePixelStride;
        // writeStaged reads whole blocks of pixels, up to a vector's worth past the band.
        int stageSize = (bandRows * 2 * pairs + lanes) * stagePixelStride;
        scratchPerThread = ThreadLocal.withInitial(() -> new Scratch<>(kernels, padded.size(), transformedSize, productSize, stageSize,
                h.kernel()));
    }

    /**
     * AUTO's rule, where channel vectors would run the problem otherwise: Winograd when it can run
     * it, the input channels per group fill a vector, and the transformed rows are at least half
     * used, counting the column pairs rounded up to whole tile halves against whole vectors (a
     * 14-wide output, 7 pairs in rows of 16, counts as 8 and runs Winograd: measured faster).
     * Measured on one thread against channel vectors: 56x56 at 64 channels 8.28 -> 6.7-7.0 ms,
     * 14x14 at 256 channels 8.56 -> 6.66, 1-D 512 wide at 128 channels 0.86 -> 0.78; but 8x8 at
     * 32 channels (a quarter used) 0.094 -> 0.133.
     */
    static boolean pays(ConvTransposeProblem problem, int lanes) {
        int rowPairs = KernelPath.roundUp(Math.ceilDiv(problem.width().output(), 2), HALF);
        return KernelChoice.WINOGRAD.supports(problem) && problem.inChannelsPerGroup() >= lanes
                && 2 * rowPairs >= KernelPath.roundUp(rowPairs, lanes);
    }

    private A packWeights(A weight) {
        int cin = problem.inChannelsPerGroup();
        int cout = problem.outChannelsPerGroup();
        int kernelRows = h.kernel();
        A packed = kernels.newArray(Math.max(1, problem.groups() * TRANSFORMS * kernelRows * cin * panelStart[panelStart.length - 1]));
        for (int g = 0; g < problem.groups(); g++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int co = 0; co < cout; co++) {
                    int panel = co / (panelStart[1] - panelStart[0]);
                    int width = panelStart[panel + 1] - panelStart[panel];
                    for (int kh = 0; kh < kernelRows; kh++) {
                        // g_j is kernel column 2 - j.
                        double g0 = kernels.get(weight, problem.weightIndex(g * cin + ci, co, kh, 2));
                        double g1 = kernels.get(weight, problem.weightIndex(g * cin + ci, co, kh, 1));
                        double g2 = kernels.get(weight, problem.weightIndex(g * cin + ci, co, kh, 0));
                        double[] transformed = {g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2};
                        for (int xi = 0; xi < TRANSFORMS; xi++) {
                            int row = kh * cin + ci;
                            kernels.set(packed, weightOffset(g, xi, panel) + row * width + co - panelStart[panel], transformed[xi]);
                        }
                    }
                }
            }
        }
        return packed;
    }

    private int weightOffset(int group, int transform, int panel) {
        int reduction = h.kernel() * problem.inChannelsPerGroup();
        return ((group * TRANSFORMS + transform) * panelStart[panelStart.length - 1] + panelStart[panel]) * reduction;
    }

    @Override
    public KernelChoice kernel() {
        return KernelChoice.WINOGRAD;
    }

    @Override
    public String describe() {
        return "path WINOGRAD: stride 1, Winograd F(2,3) along rows (4 products per pair of output columns instead of 6), "
                + "micro-tile " + TILE + " column pairs x " + (panelStart[1] - panelStart[0]) + " channels (" + kernels.lanes()
                + " lanes), " + items.describe(bandRows) + ", " + VectorWidth.describe();
    }

    @Override
    public void execute(A x, A y, ForkJoinPool pool) {
        long stamp = executions.incrementAndGet();
        WorkScheduler.forEach(pool, items.count(), problem.flops(), scratchPerThread, (item, scratch) -> runItem(x, y, item, stamp, scratch));
    }

    private void runItem(A x, A y, int item, long stamp, Scratch<A> s) {
        int block = items.block(item);
        int band = items.band(item);
        int group = items.group(item);
        int n = items.image(item);
        if (s.image.claim(stamp, n)) {
            padded.fill(kernels, x, n, 1, s.image.data);
        }
        int cin = problem.inChannelsPerGroup();
        int oh0 = band * bandRows;
        int rows = Math.min(h.output(), oh0 + bandRows) - oh0;
        transformInputRows(group, oh0, rows, s);

        int firstPanel = blockFirstPanel[block];
        int endPanel = blockFirstPanel[block + 1];
        int c0 = panelStart[firstPanel];
        int ldz = stagePixelStride;
        int pixels = rows * rowPairs;
        int transformStride = cin * vectorPairs;
        int stageWidth = 2 * pairs;
        int cols = panelStart[endPanel] - c0;
        // Tiles go in chunks: each transform's weights serve the whole chunk from L1 and L2, and the
        // chunk's products stay in L1 until they are transformed.
        for (int q0 = 0; q0 < pixels; q0 += CHUNK_TILES * TILE) {
            int q1 = Math.min(pixels, q0 + CHUNK_TILES * TILE);
            for (int xi = 0; xi < TRANSFORMS; xi++) {
                for (int q = q0; q < q1; q += TILE) {
                    int row0 = q / rowPairs;
                    int row1 = q + HALF < pixels ? (q + HALF) / rowPairs : row0;
                    int pair1 = q + HALF < pixels ? (q + HALF) % rowPairs : q % rowPairs;
                    int segments = 0;
                    for (int kh = 0; kh < h.kernel(); kh++) {
                        // Output row oh0 + row reads input row oh0 + row + P - kh * D: transformed row row + (K - 1 - kh) * D.
                        int reach = h.padBegin() - kh * h.dilation();
                        if (!readsInput(oh0 + row0 + reach) && !readsInput(oh0 + row1 + reach)) {
                            continue;
                        }
                        int shift = (h.kernel() - 1 - kh) * h.dilation();
                        s.segmentStart[segments] = ((row0 + shift) * TRANSFORMS + xi) * transformStride + q % rowPairs;
                        s.segmentHalf[segments] = ((row1 + shift) * TRANSFORMS + xi) * transformStride + pair1;
                        s.segmentK[segments] = kh * cin;
                        s.segmentLength[segments] = cin;
                        segments++;
                    }
                    int cTile = (xi * CHUNK_TILES * TILE + q - q0) * ldz;
                    for (int j = firstPanel; j < endPanel; j++) {
                        int column = panelStart[j] - c0;
                        kernels.channelTile(s.transformed, s.segmentStart, s.segmentHalf, s.segmentK, s.segmentLength, segments,
                                vectorPairs, packedWeights, weightOffset(group, xi, j), s.products, cTile + column,
                                cTile + HALF * ldz + column, ldz, TILE, (panelStart[j + 1] - panelStart[j]) / kernels.lanes(), false);
                    }
                }
            }
            // Halves lie in one row of pairs each; pairs past the row's real ones are dropped.
            for (int q = q0; q < q1; q += HALF) {
                int row = q / rowPairs;
                int pair = q % rowPairs;
                kernels.winogradOutputRow(s.products, (q - q0) * ldz, CHUNK_TILES * TILE * ldz, Math.max(0, Math.min(HALF, pairs - pair)),
                        cols, s.stage, (row * stageWidth + 2 * pair) * ldz, ldz);
            }
        }
        int cout = problem.outChannelsPerGroup();
        int plane = h.output() * w.output();
        kernels.writeStaged(y, bias, s.stage, 0, ldz, stageWidth, rows, w.output(), Math.min(panelStart[endPanel], cout) - c0,
                group * cout + c0, n * problem.outChannels() * plane + oh0 * w.output(), plane, s.writeBuffer);
    }

    /** V for every input row the band of {@code rows} output rows from {@code oh0} reads (padding rows give zeros). */
    private void transformInputRows(int group, int oh0, int rows, Scratch<A> s) {
        int cin = problem.inChannelsPerGroup();
        int transformStride = cin * vectorPairs;
        int channelStride = padded.channelStride();
        int firstRow = oh0 + h.padBegin() - (h.kernel() - 1) * h.dilation();
        int inputRows = rows + (h.kernel() - 1) * h.dilation();
        for (int r = 0; r < inputRows; r++) {
            int from = padded.offset(0, firstRow + r, w.padBegin() - 2) + group * cin * channelStride;
            for (int ci = 0; ci < cin; ci++) {
                kernels.winogradInputRow(s.image.data, from + ci * channelStride, rowPairs, s.transformed,
                        r * TRANSFORMS * transformStride + ci * vectorPairs, transformStride);
            }
        }
    }

    private boolean readsInput(int inputRow) {
        return inputRow >= 0 && inputRow < h.input();
    }

    /** Per-worker buffers: reused across executions, so the hot path allocates nothing once warm. */
    private static final class Scratch<A> {
        final InputCopy<A> image;
        /** V: per input row of the band, per transform, per input channel, a row of column pairs. */
        final A transformed;
        /** M of one chunk of tiles: per transform, per column pair of the chunk, the output channels of the block. */
        final A products;
        final A stage;
        final A writeBuffer;
        /** The reduction runs of the current tile, one per kernel row that reaches the input. */
        final int[] segmentStart;
        final int[] segmentHalf;
        final int[] segmentK;
        final int[] segmentLength;

        Scratch(ElementKernels<A> kernels, int imageSize, int transformedSize, int productSize, int stageSize, int kernelRows) {
            image = new InputCopy<>(kernels.newArray(imageSize));
            transformed = kernels.newArray(transformedSize);
            products = kernels.newArray(productSize);
            stage = kernels.newArray(stageSize);
            writeBuffer = kernels.newArray(kernels.writeStagedBufferLength());
            segmentStart = new int[kernelRows];
            segmentHalf = new int[kernelRows];
            segmentK = new int[kernelRows];
            segmentLength = new int[kernelRows];
        }
    }
}
