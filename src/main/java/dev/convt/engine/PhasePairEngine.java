package dev.convt.engine;

import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stride 2 along the width, vectorized across output pixels and written straight into NCHW.
 *
 * <p>Along a stride-2 width, output columns alternate between two stride phases: column
 * {@code 2b} comes from one phase's column {@code b}, column {@code 2b + 1} from the other's. A
 * micro-tile computes both phases of the same output rows together — 2 output rows x one vector
 * of phase columns per phase x 4 output channels, input pixels loaded as vectors from a
 * zero-bordered copy of the image, weights broadcast — then interleaves the two phases in
 * registers into whole output rows. Nothing is staged and nothing is transposed, which is what
 * the channel-vector paths pay for short reductions with many output pixels (grouped layers).
 *
 * <p>Work items are (image, group, row phase, block of {@link #ROW_BLOCK} phase rows). Each output
 * element comes from one item, summed in a fixed order (taps, then input channels), whatever the
 * thread count; kernel taps whose input rows are padding for both rows of a tile are left out.
 */
final class PhasePairEngine<A> implements Engine<A> {
    /** Output channels per micro-tile. */
    static final int CHANNELS = 4;
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
    private final int quads;
    /** Per (group, phase, channel quad): the quad's 4 weights for each (tap, input channel) in order. */
    private final A packedWeights;
    private final int[][] weightOffset;
    /** Work item i is (image, group, row phase, first phase row) = the i-th entry of these. */
    private final int[] itemImage;
    private final int[] itemGroup;
    private final int[] itemRowPhase;
    private final int[] itemFirstRow;
    private final ThreadLocal<Scratch<A>> scratchPerThread;
    /** Numbers executions, so a worker knows whether the image copy in its scratch is from this input. */
    private final AtomicLong executions = new AtomicLong();

    PhasePairEngine(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias) {
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
        quads = Math.ceilDiv(problem.outChannelsPerGroup(), CHANNELS);
        weightOffset = new int[problem.groups()][phases];
        int total = 0;
        for (int g = 0; g < problem.groups(); g++) {
            for (PhaseGemm[] pair : columnPhases) {
                for (PhaseGemm phase : pair) {
                    if (phase != null) {
                        weightOffset[g][phase.index] = total;
                        total += quads * phase.k * CHANNELS;
                    }
                }
            }
        }
        packedWeights = kernels.newArray(Math.max(1, total));
        packWeights(weight);

        List<int[]> items = new ArrayList<>();
        for (int n = 0; n < problem.batch(); n++) {
            for (int g = 0; g < problem.groups(); g++) {
                for (int rh = 0; rh < h.phases; rh++) {
                    for (int a = 0; a < h.count[rh]; a += ROW_BLOCK) {
                        items.add(new int[] {n, g, rh, a});
                    }
                }
            }
        }
        itemImage = items.stream().mapToInt(item -> item[0]).toArray();
        itemGroup = items.stream().mapToInt(item -> item[1]).toArray();
        itemRowPhase = items.stream().mapToInt(item -> item[2]).toArray();
        itemFirstRow = items.stream().mapToInt(item -> item[3]).toArray();
        int taps = problem.height().kernel() * problem.width().kernel();
        scratchPerThread = ThreadLocal.withInitial(() -> new Scratch<>(kernels, padded.size(), taps));
    }

    /**
     * AUTO's rule: stride 2 along the width, phase columns that fill at least 7/8 of their
     * vectors, and output channels per group that would take pixel vectors anyway, or at most one
     * vector of them, or at most two with a reduction per phase of at most 128. Measured on one
     * thread (ms, against the path AUTO took before): grouped-g8 (32 channels per group,
     * reduction 128) 3.12-3.31 -> 2.90-3.02, 16 per group 1.46 -> 0.88, 16 channels 1.82 -> 1.44,
     * DCGAN's RGB layer 0.13 -> 0.106 (b64: 10.2-10.5 -> 8.75-8.86), 8 to 100 channels (pixel
     * vectors before) 8-15% faster; but 32 channels with a reduction of 512 or 2048 1.12 -> 1.53
     * and 2.25 -> 2.71, 64 channels and more 10-80% slower, phase columns of 20 and 24 (a third
     * and a quarter of the last vector unused) 3.9 -> 6.4 and 4.7 -> 6.4.
     */
    static boolean pays(ConvTransposeProblem problem, int lanes, boolean fewChannels) {
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
        int longestReduction = problem.inChannelsPerGroup() * mostTaps(h) * mostTaps(w);
        return fewChannels || cout <= lanes || cout <= 2 * lanes && longestReduction <= 128;
    }

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
                            int at = weightOffset[g][phase.index] + (co / CHANNELS * phase.k + k) * CHANNELS + co % CHANNELS;
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
        return "path PHASE_PAIRS: both column phases of stride 2 together, interleaved in registers and written straight to NCHW, "
                + "micro-tile 2 rows x " + kernels.lanes() + " columns per phase x " + CHANNELS + " channels, " + itemImage.length
                + " work item(s), " + VectorWidth.describe();
    }

    @Override
    public void execute(A x, A y, ForkJoinPool pool) {
        long stamp = executions.incrementAndGet();
        WorkScheduler.forEach(pool, itemImage.length, problem.flops(), scratchPerThread, (item, scratch) -> runItem(x, y, item, stamp, scratch));
    }

    private void runItem(A x, A y, int item, long stamp, Scratch<A> s) {
        int n = itemImage[item];
        if (s.image.claim(stamp, n)) {
            padded.fill(kernels, x, n, 1, s.image.data);
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
        int lastRow = Math.min(h.count[rh], itemFirstRow[item] + ROW_BLOCK);
        for (int a = itemFirstRow[item]; a < lastRow; a += 2) {
            int rows = Math.min(2, lastRow - a);
            int firstTaps = activeTaps(first, a, rows, groupOffset, s.firstDelta, s.firstWeight);
            int secondTaps = activeTaps(second, a, rows, groupOffset, s.secondDelta, s.secondWeight);
            int base0 = padded.offset(0, h.firstQ[rh] + a, 0);
            int base1 = padded.offset(0, h.firstQ[rh] + a + rows - 1, 0);
            int to0 = outputStart + h.output(rh, a) * outWidth;
            int to1 = outputStart + h.output(rh, a + rows - 1) * outWidth;
            for (int b = 0; b < vectorColumns; b += lanes) {
                for (int q = 0; q < quads; q++) {
                    int firstChannel = q * CHANNELS;
                    kernels.phasePairTile(s.image.data, base0 + b, base1 + b, cin, padded.channelStride(), s.firstDelta, s.firstWeight,
                            firstTaps, first == null ? 0 : weightOffset[group][first.index] + q * first.k * CHANNELS, s.secondDelta,
                            s.secondWeight, secondTaps, second == null ? 0 : weightOffset[group][second.index] + q * second.k * CHANNELS,
                            packedWeights, y, to0 + firstChannel * plane + 2 * b, to1 + firstChannel * plane + 2 * b, rows, plane,
                            Math.min(2 * lanes, outWidth - 2 * b), Math.min(CHANNELS, cout - firstChannel), bias, group * cout + firstChannel,
                            s.sums);
                }
            }
        }
    }

    /**
     * The taps of {@code phase} that reach real input rows for phase rows {@code a..a + rows - 1}:
     * where each reads in the padded image (column 0 of the row through tap 0 is the pixel's own
     * base) and where its weights start within a quad. Returns how many.
     */
    private int activeTaps(PhaseGemm phase, int a, int rows, int groupOffset, int[] delta, int[] weight) {
        int count = 0;
        for (int t = 0; phase != null && t < phase.taps(); t++) {
            int top = h.firstQ[phase.rh] + a - phase.shiftH[t];
            if (top + rows - 1 >= 0 && top < h.input) {
                delta[count] = phase.tapDelta(t, padded) + w.firstQ[phase.rw] + groupOffset;
                weight[count] = t * problem.inChannelsPerGroup() * CHANNELS;
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
        final int[] firstDelta;
        final int[] firstWeight;
        final int[] secondDelta;
        final int[] secondWeight;

        Scratch(ElementKernels<A> kernels, int imageSize, int taps) {
            image = new InputCopy<>(kernels.newArray(imageSize));
            sums = kernels.newArray(4 * CHANNELS * kernels.lanes());
            firstDelta = new int[taps];
            firstWeight = new int[taps];
            secondDelta = new int[taps];
            secondWeight = new int[taps];
        }
    }
}
