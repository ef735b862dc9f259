package dev.convt.engine;

import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stride 2 along the width, vectorized across output pixels and written straight into NCHW.
 *
 * <p>Along a stride-2 width, output columns alternate between two stride phases: column
 * {@code 2b} comes from one phase's column {@code b}, column {@code 2b + 1} from the other's. A
 * micro-tile computes both phases of the same output pixels — four vectors of phase columns (the
 * next ones of the work item in row order: 2 rows x 2 vectors on 32 phase columns at float32,
 * 4 rows x 1 on 16) x {@link #tileChannels} (4 or 3) output channels, input pixels loaded as
 * vectors from a zero-bordered copy of the image, weights broadcast — then interleaves the two
 * phases into whole output rows. Nothing is staged and nothing is transposed, which is what the
 * channel-vector paths pay for short reductions with many output pixels (grouped layers), and
 * channels are not padded to whole vectors, which is what they pay for 3, 20 or 100 channels.
 * Four pixel vectors, not two: per broadcast weight they measured faster for every channel count
 * tried (two vectors x 4 channels before: 8 channels 1.62 -> 1.53 ms, 24 4.55 -> 3.86, DCGAN's
 * RGB layer 0.110 -> 0.078; two vectors x 8 channels against four x 4: 7-15% slower).
 *
 * <p>Work items are (image, window, group, row phase, block of {@link #ROW_BLOCK} phase rows),
 * where a window is a band of phase rows whose input rows a thread copies together: the whole
 * image when every thread has images of its own, a row block when threads split one image. Each
 * output element comes from one item, summed in a fixed order (taps, then input channels),
 * whatever the thread count; kernel taps whose input rows are padding for every row of a tile
 * are left out.
 */
final class PhasePairEngine<A> implements Engine<A> {
    /** Pixel vectors per micro-tile. */
    static final int VECTORS = ElementKernels.PHASE_PAIR_VECTORS;
    /** Phase rows per work item. */
    static final int ROW_BLOCK = 8;

    private final ConvTransposeProblem problem;
    private final ElementKernels<A> kernels;
    private final A bias;
    private final AxisPhases h;
    private final AxisPhases w;
    private final PaddedInput padded;
    /** Per row phase: the column phase of even output columns and the one of odd columns (null when it has no columns or no taps). */
    private final PhaseGemm[][] columnPhases;
    /** Phase columns rounded up to whole vectors. */
    private final int vectorColumns;
    /** Output channels per micro-tile ({@link #tileChannels(int)}). */
    private final int channels;
    /** Tiles of {@link #channels} output channels per group, the last one possibly part-empty. */
    private final int channelTiles;
    /** Per (group, phase, channel tile): the tile's weights for each (tap, input channel) in order. */
    private final A packedWeights;
    private final int[][] weightOffset;
    private final int windows;
    /** Input rows [from, to) of each window: what the items of a block of phase rows read. */
    private final int[] windowFrom;
    private final int[] windowTo;
    /** Work item i is (image, window, group, row phase, first phase row) = the i-th entry of these. */
    private final int[] itemImage;
    private final int[] itemWindow;
    private final int[] itemGroup;
    private final int[] itemRowPhase;
    private final int[] itemFirstRow;
    private final ThreadLocal<Scratch<A>> scratchPerThread;
    /** Numbers executions, so a worker knows whether the image copy in its scratch is from this input. */
    private final AtomicLong executions = new AtomicLong();

    PhasePairEngine(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias, int parallelism) {
        if (!KernelChoice.PHASE_PAIRS.supports(problem)) {
            throw new IllegalArgumentException("PHASE_PAIRS " + KernelChoice.PHASE_PAIRS.requirement());
        }
        this.problem = problem;
        this.kernels = kernels;
        this.bias = bias;
        h = new AxisPhases(problem.height());
        w = new AxisPhases(problem.width());
        columnPhases = new PhaseGemm[h.phases][2];
        int fewestColumns = Integer.MAX_VALUE;
        int mostColumns = 0;
        int phases = 0;
        for (int rh = 0; rh < h.phases; rh++) {
            for (int rw = 0; rw < w.phases; rw++) {
                if (w.count[rw] > 0 && w.taps[rw].length > 0) {
                    columnPhases[rh][w.firstOutput[rw]] = new PhaseGemm(phases++, rh, rw, h, w, problem, w.count[rw]);
                    fewestColumns = Math.min(fewestColumns, w.count[rw]);
                }
                mostColumns = Math.max(mostColumns, w.count[rw]);
            }
        }
        vectorColumns = KernelPath.roundUp(mostColumns, kernels.lanes());
        // Whole vectors of phase columns read past a phase's last column: border columns cover them.
        padded = new PaddedInput(1, problem.inChannels(), h, w, phases == 0 ? 0 : vectorColumns - fewestColumns);
        channels = tileChannels(problem.outChannelsPerGroup());
        channelTiles = Math.ceilDiv(problem.outChannelsPerGroup(), channels);
        weightOffset = new int[problem.groups()][phases];
        int total = 0;
        for (int g = 0; g < problem.groups(); g++) {
            for (PhaseGemm[] pair : columnPhases) {
                for (PhaseGemm phase : pair) {
                    if (phase != null) {
                        weightOffset[g][phase.index] = total;
                        total += channelTiles * phase.k * channels;
                    }
                }
            }
        }
        packedWeights = kernels.newArray(Math.max(1, total));
        packWeights(weight);

        // With fewer images than threads, threads split an image by row blocks, and each copies
        // only the input rows of its blocks (a window); otherwise a window is the whole image
        // (all the input rows that any tap reads).
        int phaseRows = Arrays.stream(h.count).max().orElse(0);
        int windowPhaseRows = problem.batch() >= parallelism ? Math.max(1, phaseRows) : ROW_BLOCK;
        windows = Math.max(1, Math.ceilDiv(phaseRows, windowPhaseRows));
        windowFrom = new int[windows];
        windowTo = new int[windows];
        for (int window = 0; window < windows; window++) {
            windowFrom[window] = padded.firstRow + padded.rows;
            windowTo[window] = padded.firstRow;
            for (int rh = 0; rh < h.phases; rh++) {
                int first = window * windowPhaseRows;
                int end = Math.min(h.count[rh], first + windowPhaseRows);
                if (first < end && h.taps[rh].length > 0) {
                    int[] shifts = h.tapShift[rh];
                    windowFrom[window] = Math.min(windowFrom[window], h.firstQ[rh] + first - shifts[shifts.length - 1]);
                    windowTo[window] = Math.max(windowTo[window], h.firstQ[rh] + end - shifts[0]);
                }
            }
            windowTo[window] = Math.max(windowFrom[window], windowTo[window]);
        }
        List<int[]> items = new ArrayList<>();
        for (int n = 0; n < problem.batch(); n++) {
            for (int window = 0; window < windows; window++) {
                for (int g = 0; g < problem.groups(); g++) {
                    for (int rh = 0; rh < h.phases; rh++) {
                        int end = Math.min(h.count[rh], (window + 1) * windowPhaseRows);
                        for (int a = window * windowPhaseRows; a < end; a += ROW_BLOCK) {
                            items.add(new int[] {n, window, g, rh, a});
                        }
                    }
                }
            }
        }
        itemImage = WorkScheduler.column(items, 0);
        itemWindow = WorkScheduler.column(items, 1);
        itemGroup = WorkScheduler.column(items, 2);
        itemRowPhase = WorkScheduler.column(items, 3);
        itemFirstRow = WorkScheduler.column(items, 4);
        int taps = problem.height().kernel() * problem.width().kernel();
        scratchPerThread = ThreadLocal.withInitial(() -> new Scratch<>(kernels, padded.size(), taps));
    }

    /**
     * AUTO's rule: stride 2 along the width, phase columns that fill at least 7/8 of their
     * vectors, and output channels per group that fill exactly one vector or leave the last
     * vector of channel-vector tiles part-empty (not a multiple of the lanes: every count that
     * would take pixel vectors too), or any channel count with a reduction per phase of at most
     * 128 or one tap per phase (kernel equal to the stride, where the channel-vector write-out's
     * transposes are a tenth of the time and nothing else is saved). Measured on one thread, 32x32
     * inputs at 128 input channels unless said (ms, this path against CHANNEL_VECTORS): DCGAN's
     * RGB layer 0.08 against 0.11 for this path with its former tile of 2 pixel vectors x 4
     * channels (b64 6.9-7.5 against 9.0); 8 channels 1.55 / 3.80, 12 2.09 / 4.08, 20 3.51 / 5.18,
     * 40 6.58 / 8.64, 100 15.9 / 18.8, 40 at 512 input channels (16x16) 6.69 / 7.61; grouped-g8 (32 per group, reduction 128) 3.05
     * / 3.65; 32 channels at 32 input channels 1.39 / 1.58; U-Net's 2x2 upsampling at batch 8 (64
     * channels, reduction 128) 12.8 / 14.1 (all before this path had 4-channel tiles, which took
     * 4-17% off it). Where the channels fill whole vectors and the reduction is longer, channel
     * vectors are level or faster (measured again with 4-channel tiles): 32 and 64 channels level
     * (reduction 512: 4.55-4.73 / 4.74-4.76 and 8.87-9.28 / 9.34-9.49), 32 at 512 input channels
     * 4.52-4.76 / 4.36-4.42, DCGAN's 16x16 layer 1.12 / 1.05-1.09, seg 9.1 / 7.9-8.2.
     * Phase columns of 20 (five eighths of the last vector used): 0.96 / 0.75. Kernel equal to the
     * stride (three runs each): U-Net's b1 layer 5.04-5.19 / 5.22-5.32, 512 to 256 channels at
     * 32x32 b4 20.2-20.4 / 21.1-21.3; 1024 to 512 at 16x16 and 256 to 128 at 64x64 level.
     */
    static boolean pays(ConvTransposeProblem problem, int lanes) {
        if (!KernelChoice.PHASE_PAIRS.supports(problem)) {
            return false;
        }
        AxisPhases w = new AxisPhases(problem.width());
        AxisPhases h = new AxisPhases(problem.height());
        int columns = Math.max(w.count[0], w.count[1]);
        if (8 * columns < 7 * KernelPath.roundUp(columns, lanes)) {
            return false;
        }
        int cout = problem.outChannelsPerGroup();
        int tapsH = mostTaps(h);
        int tapsW = mostTaps(w);
        int longestReduction = problem.inChannelsPerGroup() * tapsH * tapsW;
        boolean kernelIsStride = tapsH == 1 && tapsW == 1;
        return cout == lanes || cout % lanes != 0 || longestReduction <= 128 || kernelIsStride;
    }

    /**
     * Output channels per micro-tile: the width whose tiles cost less for {@code cout} channels, a
     * 3-channel tile costing {@link #NARROW_TILE_COST} of a 4-channel one. So 3 for 3, 6, 9, 15 or
     * 21 channels, 4 for 8, 12, 20, 24, 100 or 256 (ms on one thread, 4 against 3: U-Net's b1
     * layer 4.53 / 4.86, 8 channels 1.21 / 1.38, 20 3.00 / 3.28, 40 5.57 / 6.17; but 6 channels
     * 1.21 / 0.98, 15 2.36 / 2.24, 21 3.48 / 3.14).
     */
    static int tileChannels(int cout) {
        int narrow = ElementKernels.PHASE_PAIR_NARROW;
        int wide = ElementKernels.PHASE_PAIR_WIDE;
        return NARROW_TILE_COST * Math.ceilDiv(cout, narrow) < Math.ceilDiv(cout, wide) ? narrow : wide;
    }

    /** Time of a 3-channel tile over a 4-channel one: 0.78-0.81 measured at 6, 12 and 24 channels (32x32 b8). */
    static final double NARROW_TILE_COST = 0.78;

    private static int mostTaps(AxisPhases axis) {
        int most = 0;
        for (int[] taps : axis.taps) {
            most = Math.max(most, taps.length);
        }
        return most;
    }

    private void packWeights(A weight) {
        int cout = problem.outChannelsPerGroup();
        for (int g = 0; g < problem.groups(); g++) {
            for (PhaseGemm[] pair : columnPhases) {
                for (PhaseGemm phase : pair) {
                    for (int k = 0; phase != null && k < phase.k; k++) {
                        for (int co = 0; co < cout; co++) {
                            int at = weightOffset[g][phase.index] + (co / channels * phase.k + k) * channels + co % channels;
                            kernels.copy(weight, phase.weightIndex(problem, g, k, co), packedWeights, at);
                        }
                    }
                }
            }
        }
    }

    @Override
    public KernelChoice kernel() {
        return KernelChoice.PHASE_PAIRS;
    }

    @Override
    public String describe() {
        return "path PHASE_PAIRS: both column phases of stride 2 together, interleaved and written straight to NCHW, "
                + "micro-tile " + VECTORS + " vectors of " + kernels.lanes() + " phase columns x " + channels + " channels, "
                + (windows > 1 ? "threads split an image by blocks of " + ROW_BLOCK + " phase rows, " : "") + itemImage.length
                + " work item(s), " + VectorWidth.describe();
    }

    @Override
    public void execute(A x, A y, ForkJoinPool pool) {
        long stamp = executions.incrementAndGet();
        WorkScheduler.forEach(pool, itemImage.length, problem.flops(), scratchPerThread, (item, scratch) -> runItem(x, y, item, stamp, scratch));
    }

    private void runItem(A x, A y, int item, long stamp, Scratch<A> s) {
        int n = itemImage[item];
        int window = itemWindow[item];
        if (s.image.claim(stamp, n * windows + window)) {
            padded.fillRows(kernels, x, n, 0, windowFrom[window], windowTo[window], s.image.data);
        }
        int group = itemGroup[item];
        int rh = itemRowPhase[item];
        int cin = problem.inChannelsPerGroup();
        int cout = problem.outChannelsPerGroup();
        int outWidth = problem.width().output();
        int plane = problem.height().output() * outWidth;
        int lanes = kernels.lanes();
        int groupOffset = group * cin * padded.channelStride();
        int outputStart = (n * problem.outChannels() + group * cout) * plane;
        PhaseGemm first = columnPhases[rh][0];
        PhaseGemm second = columnPhases[rh][1];
        int secondSums = VECTORS * channels * lanes;
        int rowVectors = vectorColumns / lanes;
        int firstPixel = itemFirstRow[item] * rowVectors;
        int endPixel = Math.min(h.count[rh], itemFirstRow[item] + ROW_BLOCK) * rowVectors;
        for (int tile = firstPixel; tile < endPixel; tile += VECTORS) {
            // A tile takes the next pixel vectors in row order; slots past the item's last one repeat
            // it, computed and never stored.
            int vectors = Math.min(VECTORS, endPixel - tile);
            int firstRow = tile / rowVectors;
            int rows = (tile + vectors - 1) / rowVectors - firstRow + 1;
            for (int v = 0; v < VECTORS; v++) {
                int pixel = tile + Math.min(v, vectors - 1);
                int row = pixel / rowVectors;
                int column = pixel % rowVectors * lanes;
                s.pixels[v] = padded.offset(0, h.firstQ[rh] + row, 0) + column;
                s.targets[v] = outputStart + h.output(rh, row) * outWidth + 2 * column;
                s.columns[v] = Math.min(2 * lanes, outWidth - 2 * column);
            }
            int firstTaps = activeTaps(first, firstRow, rows, groupOffset, s.firstDelta, s.firstWeight);
            int secondTaps = activeTaps(second, firstRow, rows, groupOffset, s.secondDelta, s.secondWeight);
            for (int channelTile = 0; channelTile < channelTiles; channelTile++) {
                int firstChannel = channelTile * channels;
                if (first == null) {
                    kernels.zero(s.sums, 0, secondSums);
                } else {
                    kernels.phasePairSums(s.image.data, s.pixels, cin, padded.channelStride(), s.firstDelta, s.firstWeight, firstTaps,
                            weightOffset[group][first.index] + channelTile * first.k * channels, packedWeights, channels, s.sums, 0);
                }
                if (second == null) {
                    kernels.zero(s.sums, secondSums, 2 * secondSums);
                } else {
                    kernels.phasePairSums(s.image.data, s.pixels, cin, padded.channelStride(), s.secondDelta, s.secondWeight, secondTaps,
                            weightOffset[group][second.index] + channelTile * second.k * channels, packedWeights, channels, s.sums, secondSums);
                }
                kernels.phasePairStore(s.sums, secondSums, y, s.targets, firstChannel * plane, s.columns, vectors, plane, channels,
                        Math.min(channels, cout - firstChannel), bias, group * cout + firstChannel);
            }
        }
    }

    /**
     * The taps of {@code phase} that reach real input rows for phase rows {@code a..a + rows - 1}:
     * where each reads in the padded image (column 0 of the row through tap 0 is the pixel's own
     * base) and where its weights start within a channel tile's. Returns how many.
     */
    private int activeTaps(PhaseGemm phase, int a, int rows, int groupOffset, int[] delta, int[] weight) {
        int count = 0;
        for (int t = 0; phase != null && t < phase.taps(); t++) {
            int top = h.firstQ[phase.rh] + a - phase.shiftH[t];
            if (top + rows - 1 >= 0 && top < h.input) {
                delta[count] = phase.tapDelta(t, padded) + w.firstQ[phase.rw] + groupOffset;
                weight[count] = t * problem.inChannelsPerGroup() * channels;
                count++;
            }
        }
        return count;
    }

    /** Per-worker buffers: reused across executions, so the hot path allocates nothing once warm. */
    private static final class Scratch<A> {
        final InputCopy<A> image;
        /** A tile's sums on their way to the output. */
        final A sums;
        final int[] pixels = new int[VECTORS];
        final int[] targets = new int[VECTORS];
        final int[] columns = new int[VECTORS];
        final int[] firstDelta;
        final int[] firstWeight;
        final int[] secondDelta;
        final int[] secondWeight;

        Scratch(ElementKernels<A> kernels, int imageSize, int taps) {
            image = new InputCopy<>(kernels.newArray(imageSize));
            sums = kernels.newArray(2 * VECTORS * ElementKernels.PHASE_PAIR_WIDE * kernels.lanes());
            firstDelta = new int[taps];
            firstWeight = new int[taps];
            secondDelta = new int[taps];
            secondWeight = new int[taps];
        }
    }
}
