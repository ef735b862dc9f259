package dev.convt.engine;

import dev.convt.Axis;
import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain scatter (col2im) form of transposed convolution, vectorized across output channels:
 * for each kernel tap {@code (kh, kw)}, the input pixels times that tap's weights (a matrix
 * product over input channels) are added into the output cells the tap lands on, input pixel
 * {@code (ih, iw)} landing on {@code (ih*S - P + kh*D, iw*S - P + kw*D)}. Every product is with a
 * real input pixel, so no inserted zero is multiplied; the price is a read-modify-write of the
 * output tile per tap, where the stride-phase gather ({@link PhaseGemmEngine}) keeps a tile's
 * sums in registers over every tap. This engine is the plain form, kept to measure the gather
 * against ({@code KernelChoice.SCATTER}; AUTO does not choose it): the README's Performance section
 * has the measurements.
 *
 * <p>A micro-tile is 8 neighbouring input pixels of one row (read in place from the NCHW input,
 * or from a per-worker copy of the whole image whose rows are padded with zeros to whole tiles)
 * times two vectors of output channels. Its 8 targets are output columns {@code S} apart in one
 * output row, so the tile adds into a channels-last staging buffer with a row step of {@code S}
 * pixels, the same kernel as the gather's ({@link ElementKernels#channelTile}) with one reduction
 * run per tap. The buffer
 * holds a band of output rows over the whole uncropped width (columns cut off by padding simply
 * land outside what is written out), starts at zero, and is written out to NCHW with register
 * transposes ({@link ElementKernels#writeStaged}).
 *
 * <p>Work items are (image, group, band of output rows, column block). An item visits the input
 * rows whose taps land in its band, in a fixed order (kernel rows, input rows, kernel columns,
 * tiles), so every output element is summed by one item in one order whatever the thread count.
 */
final class ScatterEngine<A> implements Engine<A> {
    /** Pixels per micro-tile. */
    static final int TILE = 8;

    private final ConvTransposeProblem problem;
    private final ElementKernels<A> kernels;
    private final A bias;
    private final Axis h;
    private final Axis w;
    /** Input rows as the tiles read them: the input width rounded up to whole tiles. */
    private final int tileRowWidth;
    /** Whether the input's rows are already whole tiles, so tiles read the caller's array in place. */
    private final boolean inPlace;
    /** Where each output-channel panel of a group starts (channels padded to whole vectors), plus the end. */
    private final int[] panelStart;
    /** The first panel of each column block (the channels of one work item), plus the panel count. */
    private final int[] blockFirstPanel;
    /** Packed weights: per (group, tap, panel), the panel's rows for input channels 0.. one after another. */
    private final A packedWeights;
    /** The staging buffer: stage column {@code ow + stageLeft} holds output column {@code ow}. */
    private final int stageLeft;
    private final int stageWidth;
    private final int stagePixelStride;
    private final int bandRows;
    private final BandItems items;
    private final ThreadLocal<Scratch<A>> scratchPerThread;
    /** Stamps executions, so a worker knows whether the image copy in its scratch is from this input. */
    private final AtomicLong executions = new AtomicLong();

    ScatterEngine(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias, int parallelism) {
        this.problem = problem;
        this.kernels = kernels;
        this.bias = bias;
        h = problem.height();
        w = problem.width();
        int lanes = kernels.lanes();
        tileRowWidth = KernelPath.roundUp(w.input(), TILE);
        inPlace = tileRowWidth == w.input();

        panelStart = ColumnBlocks.panelStarts(KernelPath.roundUp(problem.outChannelsPerGroup(), lanes), 2 * lanes);
        stageLeft = Math.max(0, w.padBegin());
        int reach = (tileRowWidth - 1) * w.stride() + (w.kernel() - 1) * w.dilation() - w.padBegin() + stageLeft + 1;
        stageWidth = Math.max(reach, w.output() + stageLeft);
        int widestBlock = Math.min(panelStart[panelStart.length - 1], ColumnBlocks.MAX_CHANNELS);
        bandRows = Math.min(h.output(), PhaseGemmEngine.stageRows(stageWidth, widestBlock, kernels.elementBytes()));
        int bands = Math.ceilDiv(h.output(), bandRows);
        blockFirstPanel = ColumnBlocks.split(panelStart, parallelism, (long) problem.batch() * problem.groups() * bands);
        items = new BandItems(problem.batch(), problem.groups(), bands, blockFirstPanel.length - 1);
        stagePixelStride = ColumnBlocks.widest(panelStart, blockFirstPanel);
        packedWeights = packWeights(weight);
        // writeStaged reads whole blocks of pixels, up to a vector's worth past the band.
        int stageSize = (bandRows * stageWidth + lanes) * stagePixelStride;
        int copySize = inPlace ? 0 : problem.inChannels() * h.input() * tileRowWidth;
        int cin = problem.inChannelsPerGroup();
        scratchPerThread = ThreadLocal.withInitial(() -> new Scratch<>(kernels, stageSize, copySize, cin));
    }

    private A packWeights(A weight) {
        int cin = problem.inChannelsPerGroup();
        int cout = problem.outChannelsPerGroup();
        int taps = h.kernel() * w.kernel();
        int padded = panelStart[panelStart.length - 1];
        A packed = kernels.newArray(Math.max(1, problem.groups() * taps * cin * padded));
        for (int g = 0; g < problem.groups(); g++) {
            for (int tap = 0; tap < taps; tap++) {
                for (int j = 0; j + 1 < panelStart.length; j++) {
                    int width = panelStart[j + 1] - panelStart[j];
                    for (int ci = 0; ci < cin; ci++) {
                        for (int lane = 0; lane < width; lane++) {
                            int co = panelStart[j] + lane;
                            if (co < cout) {
                                int from = problem.weightIndex(g * cin + ci, co, tap / w.kernel(), tap % w.kernel());
                                kernels.copy(weight, from, packed, weightOffset(g, tap, j) + ci * width + lane);
                            }
                        }
                    }
                }
            }
        }
        return packed;
    }

    private int weightOffset(int group, int tap, int panel) {
        int cin = problem.inChannelsPerGroup();
        int padded = panelStart[panelStart.length - 1];
        return ((group * h.kernel() * w.kernel() + tap) * padded + panelStart[panel]) * cin;
    }

    @Override
    public KernelChoice kernel() {
        return KernelChoice.SCATTER;
    }

    @Override
    public String describe() {
        return "path SCATTER: plain scatter (col2im), one matrix product per kernel tap added into a channels-last band, "
                + "micro-tile " + TILE + " input pixels x " + (panelStart[1] - panelStart[0]) + " channels (" + kernels.lanes() + " lanes), "
                + (inPlace ? "input read in place" : "input rows padded to " + tileRowWidth + " columns") + ", "
                + items.describe(bandRows) + ", " + VectorWidth.describe();
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
        int cin = problem.inChannelsPerGroup();
        int channelStride = h.input() * tileRowWidth;
        A source = x;
        int imageStart = n * problem.inChannels() * channelStride;
        if (!inPlace) {
            if (s.image.claim(stamp, n)) {
                // The image's (channel, row) rows are consecutive in both layouts: one pass of rows.
                // The columns past the input's stay zero from the buffer's allocation: nothing writes them.
                kernels.interleaveRows(x, n * problem.inChannels() * h.input() * w.input(), 1, 0, problem.inChannels() * h.input(),
                        w.input(), s.image.data, 0, tileRowWidth, tileRowWidth);
            }
            source = s.image.data;
            imageStart = 0;
        }
        int firstPanel = blockFirstPanel[block];
        int endPanel = blockFirstPanel[block + 1];
        int c0 = panelStart[firstPanel];
        int ldz = stagePixelStride;
        int oh0 = band * bandRows;
        int oh1 = Math.min(h.output(), oh0 + bandRows);
        kernels.zero(s.stage, 0, (oh1 - oh0) * stageWidth * ldz);
        int groupStart = imageStart + group * cin * channelStride;
        for (int kh = 0; kh < h.kernel(); kh++) {
            // Input rows whose kernel row kh lands in [oh0, oh1): oh = ih*S - P + kh*D.
            int shift = kh * h.dilation() - h.padBegin();
            int ihLow = Math.max(0, Math.ceilDiv(oh0 - shift, h.stride()));
            int ihHigh = Math.min(h.input(), Math.ceilDiv(oh1 - shift, h.stride()));
            for (int ih = ihLow; ih < ihHigh; ih++) {
                int rowCell = (ih * h.stride() + shift - oh0) * stageWidth + stageLeft - w.padBegin();
                for (int kw = 0; kw < w.kernel(); kw++) {
                    int tap = kh * w.kernel() + kw;
                    for (int iw = 0; iw < tileRowWidth; iw += TILE) {
                        s.segmentStart[0] = groupStart + ih * tileRowWidth + iw;
                        s.segmentHalf[0] = s.segmentStart[0] + TILE / 2;
                        int cTile = (rowCell + iw * w.stride() + kw * w.dilation()) * ldz;
                        for (int j = firstPanel; j < endPanel; j++) {
                            int width = panelStart[j + 1] - panelStart[j];
                            kernels.channelTile(source, s.segmentStart, s.segmentHalf, s.segmentK, s.segmentLength, 1, channelStride,
                                    packedWeights, weightOffset(group, tap, j), s.stage, cTile + panelStart[j] - c0,
                                    cTile + panelStart[j] - c0 + TILE / 2 * w.stride() * ldz, w.stride() * ldz, TILE, width / kernels.lanes(), true);
                        }
                    }
                }
            }
        }
        int cout = problem.outChannelsPerGroup();
        int plane = h.output() * w.output();
        kernels.writeStaged(y, bias, s.stage, stageLeft * ldz, ldz, stageWidth, oh1 - oh0, w.output(),
                Math.min(panelStart[endPanel], cout) - c0, group * cout + c0, n * problem.outChannels() * plane + oh0 * w.output(),
                plane, s.writeBuffer);
    }

    /** Per-worker buffers: reused across executions, so the hot path allocates nothing once warm. */
    private static final class Scratch<A> {
        final A stage;
        final InputCopy<A> image;
        final A writeBuffer;
        /** The one reduction run of a tap: where its two half-tiles start, at which row of the panel, how long. */
        final int[] segmentStart = new int[1];
        final int[] segmentHalf = new int[1];
        final int[] segmentK = new int[1];
        final int[] segmentLength = new int[1];

        Scratch(ElementKernels<A> kernels, int stageSize, int copySize, int reduction) {
            segmentLength[0] = reduction;
            stage = kernels.newArray(stageSize);
            image = new InputCopy<>(kernels.newArray(copySize));
            writeBuffer = kernels.newArray(kernels.writeStagedBufferLength());
        }
    }
}
