package dev.convt.engine;

import dev.convt.Axis;
import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The engine's half of a plan for the tiled paths, for one element type: the problem split into
 * stride phases, each phase a blocked matrix product (output pixels x reduction over taps and
 * input channels x output channels) with the weights packed once, cut into work items that write
 * disjoint output cells and run on a ForkJoin pool.
 *
 * <p>The batch is cut into slabs of a few images. A worker copies its slab into a zero-bordered
 * {@link PaddedInput} (per-worker scratch of bounded size), so kernels never test bounds and the
 * pixels of one phase row are contiguous for every tap: micro-kernels read them in place (a
 * channel tile's two halves from two bases), and only tiles with a half straddling two image rows
 * are packed. The reduction is cut into blocks of {@link #KC} (GotoBLAS): a block's weight panels
 * stay in L2 while every tile of the item passes over them. Staged items (below) take the whole
 * reduction in one block.
 *
 * <p>Two kinds of work item. Where no tile half straddles two rows, phase rows are at least a
 * tile wide and a phase's weights are at most {@link #STAGED_WEIGHT_BYTES}, an item is a band of
 * output rows of one image through every phase, accumulated in a channels-last staging buffer and
 * written out with register transposes ({@link #runStagedItem}). Otherwise an item is a row
 * block of one phase, with partial sums in a C buffer written pixel by pixel ({@link #runItem});
 * such items go slab by slab, and within a slab phase by phase or row block by row block,
 * whichever keeps more in cache.
 */
final class PhaseGemmEngine<A> implements Engine<A> {
    /** Reduction block length (the staged path takes whole reductions). */
    static final int KC = 256;
    /**
     * L2 budget of one reduction block on the {@link #panelByPanel} path: a weight panel's block,
     * which the first tile streams from memory and the second takes from L2, and both tiles'
     * packed inputs. At float32 and 512 bits, 512 KiB of panel and 256 KiB of tiles: 4096 steps
     * (DCGAN's 4x4 layer at batch 1: 256 KiB to 768 KiB of panel measured alike; other widths and
     * float64 are not measured).
     */
    static final int STREAMED_BLOCK_BYTES = 768 << 10;

    /**
     * Largest weights per phase (and column block) for staged items, whose tiles stream their
     * weight panels over the whole reduction from L2 or L3 (DCGAN's 8x8 layer, 2 MiB per phase:
     * 222 -> 244 GFLOP/s staged; larger weights are not measured).
     */
    static final int STAGED_WEIGHT_BYTES = 8 << 20;
    /** Budget for a worker's partial sums: the C buffer of row-block items, the staging band. */
    static final int C_BUFFER_BYTES = 256 << 10;
    /** Phase weights above this size are streamed from memory once per row block. */
    static final int STREAMED_WEIGHT_BYTES = 4 << 20;
    /** A slab takes images until each phase has this many rows... */
    static final int SLAB_ROWS = 256;
    /** ...or its padded copy reaches this size. */
    static final int SLAB_BYTES = 4 << 20;

    /** The problem as computed: the caller's, or its {@link #asProjection projection} rewrite. */
    private final ConvTransposeProblem problem;
    private final boolean projected;
    private final ElementKernels<A> kernels;
    private final KernelPath path;
    private final AxisPhases h;
    private final AxisPhases w;
    private final List<PhaseGemm> phases = new ArrayList<>();
    private final PaddedInput padded;
    /** Per phase and tap: {@link PhaseGemm#tapDelta} in {@link #padded}. */
    private final int[][] tapDelta;
    private final int slabImages;
    /** Rows per micro-tile and per row block. */
    private final int mr;
    private final int rowBlock;
    /** Output-channel panels per group (padded to whole vectors) and where each starts. */
    private final int[] panelWidth;
    private final int[] panelStart;
    /** Column blocks, as panel boundaries. */
    private final int[] columnBlockFirstPanel;
    private final A packedWeights;
    /** Offset of (group, phase) in {@link #packedWeights}. */
    private final int[][] weightOffset;
    private final A bias;
    /**
     * Work item i is (slab, group, phase, row block, column block) = the i-th entry of these; for
     * staged items the phase is -1 and the row block is the band (image in slab * bands + band).
     */
    private final int[] itemSlab;
    private final int[] itemGroup;
    private final int[] itemPhase;
    private final int[] itemRowBlock;
    private final int[] itemColumnBlock;
    private final int maxTaps;
    /**
     * {@link #KC}; on the staged path the longest phase reduction, one block; on the
     * {@link #panelByPanel} path as many steps as {@link #STREAMED_BLOCK_BYTES} holds.
     */
    private final int reductionBlock;
    /**
     * At most two tiles of rows whose phase weights come from memory (DCGAN's 4x4 layer at batch
     * 1). Streaming is what costs there, and one core streams fastest in long sequential runs: each
     * reduction block goes panel by panel, the first tile streaming the panel's whole block in one
     * run and the second taking it from L2. Both tiles are packed, once per block, so that their
     * inputs stay in L2 too (read in place, every reduction step would touch two more lines). Its
     * items have at most two tiles, so scratch holds two packed tiles. 32 MiB of weights, one
     * thread, alternating runs: 2.47 -> 2.17 ms against blocks of 64 taken tile by tile. With
     * 8-row channel tiles the rows are split otherwise ({@link #runStreamedItem}).
     */
    private final boolean panelByPanel;
    /**
     * On the {@link #panelByPanel} path with 8-row channel tiles ({@link #runStreamedItem}), a
     * panel's block is stored vector by vector (all its steps of the first vector, then of the
     * second), so the streaming tile reads two sequential streams instead of one and the hardware
     * prefetchers keep more lines in flight. With a loop over the packed tile at a constant stride
     * (no bounds checks), DCGAN's 4x4 layer at batch 1, medians of six alternating runs: 1.96 ->
     * 1.72 ms on one thread, still as two 8-row tiles.
     */
    private final boolean vectorStreams;
    /**
     * Staged write-out: each work item computes a band of {@link #bandRows} output rows of one
     * image through every phase into a channels-last buffer, then writes it out with register
     * transposes (see {@link #runStagedItem}); else items write their tiles' pixels one by one
     * (see {@link #runItem}).
     */
    private final boolean staged;
    private final int bandRows;
    private final int bandsPerImage;
    /** Columns of the staging buffer: the output width plus room for padded tile rows. */
    private final int stageWidth;
    /** Distance between neighbouring pixels in the staging buffer: the widest column block, so one layout fits every item. */
    private final int stagePixelStride;
    /**
     * Staged path: per phase and band of an image, which taps reach real input for each tile of the
     * band, at {@code [tile * taps + tap]}; the same for every image and group.
     */
    private final boolean[][][] stagedTapActive;
    /**
     * One scratch per thread: a worker keeps its slab copy from item to item (and from one range
     * of items to the next). A thread never runs two items of this plan at once: item loops do not
     * fork or join, so no other task can interleave on the same thread. Siblings (below) share it.
     */
    private final ThreadLocal<Scratch<A>> scratchPerThread;
    /** Stamps executions, so a worker knows whether the slab in its scratch is from this input; shared by siblings. */
    private final AtomicLong executions;
    /** Engines sharing this one's scratch, or null. */
    private final Siblings<A> siblings;

    PhaseGemmEngine(ConvTransposeProblem original, ElementKernels<A> kernels, A weight, A originalBias,
                    KernelChoice choice, int parallelism) {
        this(original, kernels, weight, originalBias, choice, parallelism, null);
    }

    /**
     * Engines of one problem, element type, choice and parallelism with different weights that
     * share their per-thread scratch and execution stamps (those of the first made). No thread may
     * run two of them at once, which holds because they only run on the calling thread alone
     * ({@code pool} null, checked), as {@link WinogradPhasesEngine}'s inner plans do: a thread then
     * takes them in turn through the same buffers, which stay in cache, instead of a set of
     * buffers per engine. The stamps must be shared too, or a thread would take a sibling's input
     * copy, stamped alike, for its own.
     */
    static final class Siblings<A> {
        private PhaseGemmEngine<A> first;
    }

    /** An engine that shares its per-thread scratch with {@code siblings} (null: none). */
    PhaseGemmEngine(ConvTransposeProblem original, ElementKernels<A> kernels, A weight, A originalBias,
                    KernelChoice choice, int parallelism, Siblings<A> siblings) {
        ConvTransposeProblem projection = asProjection(original);
        this.problem = projection == null ? original : projection;
        this.projected = projection != null;
        this.kernels = kernels;
        this.bias = projection == null || originalBias == null ? originalBias
                : spreadBias(kernels, originalBias, original.outChannels(), original.height().kernel() * original.width().kernel());
        int lanes = kernels.lanes();
        this.path = KernelPath.choose(problem, choice, lanes, parallelism);
        int elementBytes = kernels.elementBytes();
        h = new AxisPhases(problem.height());
        w = new AxisPhases(problem.width());
        int cout = problem.outChannelsPerGroup();
        List<Integer> widths = new ArrayList<>();
        if (path != KernelPath.CHANNEL_VECTORS && path != KernelPath.PIXEL_VECTORS && path != KernelPath.SCALAR) {
            throw new IllegalArgumentException(path + " is not a stride-phase gather path");
        }
        if (path == KernelPath.PIXEL_VECTORS) {
            mr = 4 * lanes;
            int nr = KernelPath.pixelColumns(cout);
            for (int c = 0; c < cout; c += nr) {
                widths.add(nr);
            }
        } else {
            // Products with fewer rows than a tile (a 1x1 input at batch 1 and a few) take 1-row tiles.
            // Their panels are 4 vectors wide (then 2, then 1, where fewer are left): a row streams
            // each weight once, so wider panels halve the calls and give the FMAs four independent
            // chains (DCGAN's 1x1 noise projection: 0.103-0.104 -> 0.099-0.100 ms).
            mr = problem.batch() * problem.height().output() * problem.width().output() < 8 ? 1 : 8;
            int padded = KernelPath.roundUp(cout, lanes);
            for (int c = 0; c < padded; ) {
                int left = (padded - c) / lanes;
                int vectors = mr == 1 && left >= 4 ? 4 : Math.min(2, left);
                widths.add(vectors * lanes);
                c += vectors * lanes;
            }
        }
        panelWidth = widths.stream().mapToInt(Integer::intValue).toArray();
        panelStart = ColumnBlocks.panelStarts(panelWidth);

        int taps = 0;
        int colSlack = 0;
        int fewestRows = Integer.MAX_VALUE;
        for (int rh = 0; rh < h.phases; rh++) {
            for (int rw = 0; rw < w.phases; rw++) {
                int colsW = w.count[rw];
                PhaseGemm phase = new PhaseGemm(phases.size(), rh, rw, h, w, problem, tileAlignedColumns(colsW));
                if (phase.rowsH > 0 && phase.colsW > 0) {
                    phases.add(phase);
                    taps = Math.max(taps, phase.taps());
                    colSlack = Math.max(colSlack, phase.paddedCols - phase.colsW);
                    fewestRows = Math.min(fewestRows, phase.rowsPerImage());
                }
            }
        }
        maxTaps = taps;
        int longestReduction = phases.stream().mapToInt(p -> p.k).max().orElse(0);
        int widestBlock = Math.min(panelStart[panelWidth.length], ColumnBlocks.MAX_CHANNELS);
        long largestPhaseWeights = (long) longestReduction * widestBlock * elementBytes;
        rowBlock = path == KernelPath.PIXEL_VECTORS ? 2 * mr : channelRowBlock(largestPhaseWeights, widestBlock, elementBytes);
        PaddedInput oneImage = new PaddedInput(1, problem.inChannels(), h, w, colSlack);
        int images = Math.min(problem.batch(), Math.max(1, Math.ceilDiv(SLAB_ROWS, Math.max(fewestRows, 1))));
        while (images > 1 && (long) images * oneImage.imageSize() * elementBytes > SLAB_BYTES) {
            images--;
        }
        slabImages = images;
        padded = new PaddedInput(slabImages, problem.inChannels(), h, w, colSlack);
        tapDelta = new int[phases.size()][];
        for (PhaseGemm phase : phases) {
            tapDelta[phase.index] = IntStream.range(0, phase.taps()).map(t -> phase.tapDelta(t, padded)).toArray();
        }

        int width = problem.width().output();
        int stageColumns = width;
        boolean stagedRows = mr == 8;
        for (PhaseGemm phase : phases) {
            stageColumns = Math.max(stageColumns, w.output(phase.rw, phase.paddedCols - 1) + 1);
            stagedRows = stagedRows && phase.paddedCols % (mr / 2) == 0 && phase.paddedCols >= mr;
        }
        stageWidth = stageColumns;
        // Staged items (whole reductions in registers, transposing write-out) beat row blocks
        // wherever no tile half straddles two rows, up to STAGED_WEIGHT_BYTES of weights per phase,
        // except on phase rows narrower than a tile: there row blocks take the rows image by image,
        // which skips border taps for whole tiles (DCGAN's 4x4 layer, b64: 72 ms against 180 staged).
        staged = path != KernelPath.PIXEL_VECTORS && stagedRows && largestPhaseWeights <= STAGED_WEIGHT_BYTES;
        bandRows = bandRowsFor(widestBlock, elementBytes);
        bandsPerImage = Math.ceilDiv(problem.height().output(), bandRows);
        long rowItems = staged ? (long) problem.batch() * problem.groups() * bandsPerImage
                : phases.stream().mapToLong(p -> (long) Math.ceilDiv(problem.batch() * p.rowsPerImage(), rowBlock) * problem.groups()).sum();
        columnBlockFirstPanel = ColumnBlocks.split(panelStart, parallelism, rowItems);
        stagePixelStride = ColumnBlocks.widest(panelStart, columnBlockFirstPanel);
        stagedTapActive = staged ? stagedTaps() : null;
        // A staged tile keeps its sums in registers over the whole reduction instead of re-reading
        // them every KC; its weight panels stream from L2 or L3 (measured faster than blocking).
        int mostRows = phases.stream().mapToInt(p -> problem.batch() * p.rowsPerImage()).max().orElse(0);
        panelByPanel = !staged && path != KernelPath.PIXEL_VECTORS && mostRows <= 2 * mr && largestPhaseWeights > STREAMED_WEIGHT_BYTES;
        vectorStreams = panelByPanel && mr == 8 && path == KernelPath.CHANNEL_VECTORS;
        reductionBlock = staged ? Math.max(1, longestReduction)
                : panelByPanel ? Math.clamp(STREAMED_BLOCK_BYTES / ((long) (panelWidth[0] + 2 * mr) * elementBytes), 1, longestReduction) : KC;
        List<int[]> work = workItems((long) longestReduction * panelStart[panelWidth.length] * elementBytes);
        itemSlab = WorkScheduler.column(work, 0);
        itemGroup = WorkScheduler.column(work, 1);
        itemPhase = WorkScheduler.column(work, 2);
        itemRowBlock = WorkScheduler.column(work, 3);
        itemColumnBlock = WorkScheduler.column(work, 4);

        weightOffset = new int[problem.groups()][phases.size()];
        int total = 0;
        for (int g = 0; g < problem.groups(); g++) {
            for (PhaseGemm phase : phases) {
                weightOffset[g][phase.index] = total;
                total += phase.k * panelStart[panelWidth.length];
            }
        }
        packedWeights = kernels.newArray(Math.max(total, 1));
        packWeights(weight);
        this.siblings = siblings;
        PhaseGemmEngine<A> owner = siblings == null || siblings.first == null ? this : siblings.first;
        if (!(owner.problem.equals(problem) && owner.path == path && owner.kernels == kernels
                && Arrays.equals(owner.columnBlockFirstPanel, columnBlockFirstPanel))) {
            throw new IllegalArgumentException("sibling engines must have the same problem, path and blocking");
        }
        scratchPerThread = owner == this ? ThreadLocal.withInitial(this::newScratch) : owner.scratchPerThread;
        executions = owner == this ? new AtomicLong() : owner.executions;
        if (siblings != null && siblings.first == null) {
            siblings.first = this;
        }
    }

    /**
     * For the staged path: which taps reach real input, per phase, band of an image and tile of the
     * band. A tile whose halves lie in two phase rows counts the whole width of both rows.
     */
    private boolean[][][] stagedTaps() {
        boolean[][][] active = new boolean[phases.size()][bandsPerImage][];
        for (PhaseGemm phase : phases) {
            int cols = phase.paddedCols;
            for (int band = 0; band < bandsPerImage; band++) {
                int aLow = firstBandRow(phase, band * bandRows);
                int pixels = bandPixels(phase, band * bandRows);
                int tiles = Math.ceilDiv(pixels, mr);
                active[phase.index][band] = new boolean[tiles * phase.taps()];
                for (int tile = 0; tile < tiles; tile++) {
                    int first = tile * mr;
                    int last = Math.min(first + mr, pixels) - 1;
                    int a0 = aLow + first / cols;
                    int a1 = aLow + last / cols;
                    int b0 = a0 == a1 ? first % cols : 0;
                    int b1 = a0 == a1 ? Math.min(last % cols, phase.colsW - 1) : phase.colsW - 1;
                    markActiveTaps(phase, b0 < phase.colsW, a0, a1, b0, b1, active[phase.index][band], tile * phase.taps());
                }
            }
        }
        return active;
    }

    /** The first phase row of {@code phase} at or below output row {@code oh0} (a band's first row). */
    private int firstBandRow(PhaseGemm phase, int oh0) {
        return Math.max(0, Math.ceilDiv(oh0 - h.firstOutput[phase.rh], h.stride));
    }

    /** Pixels (padded columns included) of {@code phase} in the band of output rows starting at {@code oh0}. */
    private int bandPixels(PhaseGemm phase, int oh0) {
        int oh1 = Math.min(problem.height().output(), oh0 + bandRows);
        int aHigh = Math.min(phase.rowsH, Math.ceilDiv(oh1 - h.firstOutput[phase.rh], h.stride));
        return Math.max(0, aHigh - firstBandRow(phase, oh0)) * phase.paddedCols;
    }

    /**
     * The work items in execution order, each (slab, group, phase, row block, column block). Staged
     * items are bands. Other items go slab by slab; within a slab phase by phase when a phase's
     * weights outweigh the slab (the weights then stay in cache across row blocks), else row
     * block by row block (the slab's rows stay in cache across phases).
     */
    private List<int[]> workItems(long phaseWeightBytes) {
        List<int[]> work = new ArrayList<>();
        int slabs = Math.ceilDiv(problem.batch(), slabImages);
        int columnBlocks = columnBlockFirstPanel.length - 1;
        boolean phaseMajor = phaseWeightBytes > (long) padded.size() * kernels.elementBytes();
        int maxRowBlocks = Math.ceilDiv(slabImages * phases.stream().mapToInt(PhaseGemm::rowsPerImage).max().orElse(0), rowBlock);
        for (int slab = 0; slab < slabs; slab++) {
            int inSlab = imagesIn(slab);
            for (int g = 0; g < problem.groups(); g++) {
                if (staged) {
                    for (int band = 0; band < inSlab * bandsPerImage; band++) {
                        for (int cb = 0; cb < columnBlocks; cb++) {
                            work.add(new int[] {slab, g, -1, band, cb});
                        }
                    }
                    continue;
                }
                for (int outer = 0; outer < (phaseMajor ? phases.size() : maxRowBlocks); outer++) {
                    for (int inner = 0; inner < (phaseMajor ? maxRowBlocks : phases.size()); inner++) {
                        PhaseGemm phase = phases.get(phaseMajor ? outer : inner);
                        int rb = phaseMajor ? inner : outer;
                        if (rb * rowBlock < inSlab * phase.rowsPerImage()) {
                            for (int cb = 0; cb < columnBlocks; cb++) {
                                work.add(new int[] {slab, g, phase.index, rb, cb});
                            }
                        }
                    }
                }
            }
        }
        return work;
    }

    /**
     * A 1x1 input whose output is exactly the kernel's footprint (no padding, no output_padding,
     * no dilation gaps) is a plain matrix product: output channel {@code co} at {@code (kh, kw)}
     * is column {@code (co, kh, kw)}. The weights (Cin, Cout/G, kh, kw) and the output
     * (N, Cout, kh, kw) already have that layout, so the problem is rerun as a 1x1 kernel with
     * {@code Cout * kh * kw} output channels: the stride-phase form would multiply every tap
     * that misses the one input pixel by zero. This is the first layer of DCGAN-style generators.
     */
    static ConvTransposeProblem asProjection(ConvTransposeProblem p) {
        boolean footprint = isFootprint(p.height()) && isFootprint(p.width());
        if (!footprint) {
            return null;
        }
        int taps = p.height().kernel() * p.width().kernel();
        Axis one = new Axis(1, 1, 1, 1, 0, 0, 0, 1);
        return new ConvTransposeProblem(p.batch(), p.inChannels(), p.outChannels() * taps, p.groups(), one, one, p.hasBias());
    }

    private static boolean isFootprint(Axis axis) {
        return axis.input() == 1 && axis.padBegin() == 0 && axis.padEnd() == 0 && axis.outputPadding() == 0
                && (axis.dilation() == 1 || axis.kernel() == 1);
    }

    private static <A> A spreadBias(ElementKernels<A> kernels, A bias, int channels, int taps) {
        A spread = kernels.newArray(channels * taps);
        for (int i = 0; i < channels * taps; i++) {
            kernels.copy(bias, i / taps, spread, i);
        }
        return spread;
    }

    private int imagesIn(int slab) {
        return Math.min(slabImages, problem.batch() - slab * slabImages);
    }

    /**
     * Columns per phase row as the tiles see them. Pixel tiles are made of whole vectors, so a
     * row is rounded up to whole vectors. Channel tiles read and write each half (4 pixels) in
     * place when it lies in one row: rows are rounded up to whole halves when that wastes at most
     * an eighth (then no half straddles two rows, which the staged write-out needs), else left
     * alone, and tiles with a straddling half are packed.
     */
    private int tileAlignedColumns(int colsW) {
        if (path == KernelPath.PIXEL_VECTORS) {
            return KernelPath.roundUp(colsW, kernels.lanes());
        }
        int rounded = KernelPath.roundUp(colsW, Math.max(1, mr / 2));
        return (rounded - colsW) * 8 <= rounded ? rounded : colsW;
    }

    /**
     * Rows per block of the channel path. Every row block streams its phase's weights once, so
     * blocks are as tall as a C buffer of {@link #C_BUFFER_BYTES} allows (it shares L2 with the
     * weight panel being reused); twice that when a phase's weights are too big for any cache but
     * memory ({@link #STREAMED_WEIGHT_BYTES}), where each pass over them costs more than the C
     * buffer's spill from L2 (the 4x4 -> 8x8 DCGAN layer: 174-188 -> 195 GFLOP/s).
     */
    private static int channelRowBlock(long phaseWeights, int columns, int elementBytes) {
        long budget = phaseWeights > STREAMED_WEIGHT_BYTES ? 2L * C_BUFFER_BYTES : C_BUFFER_BYTES;
        return (int) Math.clamp(budget / ((long) columns * elementBytes) / 8 * 8, 64, 256);
    }

    /** Output rows per band of the staged write-out: as many as {@link #stageRows} allows, whole stride periods. */
    private int bandRowsFor(int columns, int elementBytes) {
        int outputRows = problem.height().output();
        int stride = problem.height().stride();
        int fitting = stageRows(stageWidth, columns, elementBytes);
        return Math.min(outputRows, fitting >= stride ? fitting / stride * stride : fitting);
    }

    /** Rows of a channels-last staging band that fit in {@link #C_BUFFER_BYTES} (at least one); also {@link ScatterEngine}'s bands. */
    static int stageRows(int stageWidth, int columns, int elementBytes) {
        return (int) Math.max(1, C_BUFFER_BYTES / ((long) stageWidth * columns * elementBytes));
    }

    private void packWeights(A weight) {
        int cout = problem.outChannelsPerGroup();
        for (int g = 0; g < problem.groups(); g++) {
            for (PhaseGemm phase : phases) {
                int base = weightOffset[g][phase.index];
                for (int j = 0; j < panelWidth.length; j++) {
                    for (int k = 0; k < phase.k; k++) {
                        for (int co = panelStart[j]; co < Math.min(panelStart[j + 1], cout); co++) {
                            kernels.copy(weight, phase.weightIndex(problem, g, k, co), packedWeights,
                                    base + weightIndex(phase, j, k, co - panelStart[j]));
                        }
                    }
                }
            }
        }
    }

    /**
     * Where element (row {@code k}, {@code column}) of panel {@code j} lies within a (group,
     * phase)'s packed weights. The weights are stored reduction block by reduction block, each
     * block's panels one after another, so the part a block needs is contiguous; within a panel's
     * block, row by row, or vector by vector ({@link #vectorStreams}).
     */
    private int weightIndex(PhaseGemm phase, int j, int k, int column) {
        int block = k / reductionBlock * reductionBlock;
        int blockLength = Math.min(reductionBlock, phase.k - block);
        int panelBlock = block * panelStart[panelWidth.length] + panelStart[j] * blockLength;
        if (vectorStreams) {
            int lanes = kernels.lanes();
            return panelBlock + column / lanes * blockLength * lanes + (k - block) * lanes + column % lanes;
        }
        return panelBlock + (k - block) * panelWidth[j] + column;
    }

    @Override
    public KernelChoice kernel() {
        return KernelChoice.valueOf(path.name());
    }

    @Override
    public String describe() {
        int columnBlocks = columnBlockFirstPanel.length - 1;
        String tile = path == KernelPath.PIXEL_VECTORS
                ? mr + " pixels (" + kernels.lanes() + " lanes) x " + panelWidth[0] + " channel(s)"
                : mr + " pixel(s) x " + panelWidth[0] + " channels"
                        + (path == KernelPath.SCALAR ? ", scalar loops" : " (" + kernels.lanes() + " lanes)");
        return (projected ? "1x1 input run as a matrix product with " + problem.outChannels() + " columns; " : "")
                + "path " + path + ": stride-phase gather, " + phases.size() + " phase(s), micro-tile " + tile
                + ", reduction block " + reductionBlock + (panelByPanel ? " streamed panel by panel" + (vectorStreams ? " in vector streams" : "") : "") + ", slabs of " + slabImages + " image(s), " + itemSlab.length
                + " work item(s) (" + columnBlocks + " channel block(s) per phase), " + VectorWidth.describe();
    }

    @Override
    public void execute(A x, A y, ForkJoinPool pool) {
        if (siblings != null && pool != null) {
            throw new IllegalStateException("engines that share their scratch run on the calling thread alone");
        }
        long stamp = executions.incrementAndGet();
        WorkScheduler.forEach(pool, itemSlab.length, problem.flops(), scratchPerThread, (item, scratch) -> {
            int slab = itemSlab[item];
            if (scratch.slab.claim(stamp, slab)) {
                padded.fill(kernels, x, slab * slabImages, imagesIn(slab), scratch.slab.data);
            }
            if (staged) {
                runStagedItem(y, item, scratch);
            } else if (vectorStreams) {
                runStreamedItem(y, item, scratch);
            } else {
                runItem(y, item, scratch);
            }
        });
    }

    private Scratch<A> newScratch() {
        // The staged write-out reads whole blocks of pixels, up to a vector's worth past the band.
        // Past that, a sink for the second half of a band's last tile when it has none.
        int buffer = staged ? stageBufferPixels() : rowBlock;
        int packedLength = staged ? kernels.writeStagedBufferLength() : panelByPanel ? 2 * mr * reductionBlock : mr * KC;
        return new Scratch<>(kernels, padded.size(), rowBlock, rowBlock / mr, maxTaps, packedLength, stagePixelStride, buffer);
    }

    /** Where, in pixels, the sink starts in a staging buffer. */
    private int sinkPixel() {
        return bandRows * stageWidth + kernels.lanes();
    }

    /** Pixels of a staging buffer, the sink included: a half-tile's 4 pixels, {@code stride} apart. */
    private int stageBufferPixels() {
        return sinkPixel() + (mr / 2 - 1) * w.stride + 1;
    }

    private void runItem(A y, int item, Scratch<A> s) {
        int group = itemGroup[item];
        PhaseGemm phase = phases.get(itemPhase[item]);
        int firstPanel = columnBlockFirstPanel[itemColumnBlock[item]];
        int endPanel = columnBlockFirstPanel[itemColumnBlock[item] + 1];
        int c0 = panelStart[firstPanel];
        int c1 = panelStart[endPanel];

        int m0 = itemRowBlock[item] * rowBlock;
        int rows = Math.min(rowBlock, imagesIn(itemSlab[item]) * phase.rowsPerImage() - m0);
        int tiles = Math.ceilDiv(rows, mr);
        int paddedRows = tiles * mr;
        fillRowTables(phase, itemSlab[item] * slabImages, imagesIn(itemSlab[item]), m0, rows, paddedRows, s);
        for (int tile = 0; tile < tiles; tile++) {
            markGroupTaps(phase, tile * mr, mr, s.tapActive, tile * maxTaps, s);
        }

        int cout = problem.outChannelsPerGroup();
        int validColumns = Math.min(c1, cout) - c0;
        int channelBase = group * cout + c0;
        int plane = problem.height().output() * problem.width().output();
        boolean channelMajor = path != KernelPath.PIXEL_VECTORS;
        int ldc = channelMajor ? c1 - c0 : paddedRows;
        int weights = weightOffset[group][phase.index];
        int cin = problem.inChannelsPerGroup();
        int channelStride = padded.channelStride();
        int inputChannelOffset = group * cin * channelStride;
        boolean anyProduct = false;
        Arrays.fill(s.tileComputed, 0, tiles, false);
        // Reduction blocks outside, tiles inside: a block's weight panels stay in L2 for every tile.
        // Panel by panel, every tile takes one panel before the next panel streams in.
        int panelPasses = panelByPanel ? endPanel - firstPanel : 1;
        for (int k0 = 0; k0 < phase.k; k0 += reductionBlock) {
            int kc = Math.min(reductionBlock, phase.k - k0);
            for (int pass = 0; pass < panelPasses; pass++) {
                int passFirstPanel = panelByPanel ? firstPanel + pass : firstPanel;
                int passEndPanel = panelByPanel ? passFirstPanel + 1 : endPanel;
                for (int tile = 0; tile < tiles; tile++) {
                    int row0 = tile * mr;
                    int cTile = channelMajor ? row0 * ldc : row0;
                    // Panel by panel (a channel path), each tile is packed in its own place; else only split tiles are.
                    int packedFrom = panelByPanel ? tile * mr * reductionBlock : channelMajor && !s.contiguous[tile] ? 0 : -1;
                    if (packedFrom >= 0 && pass == 0) {
                        kernels.packTile(s.slab.data, s.a, packedFrom, s.base, phase, padded, row0, mr, k0, kc, cin, inputChannelOffset);
                    }
                    int segments = collectSegments(phase, s.tapActive, tile * maxTaps, k0, kc, packedFrom, row0, channelMajor ? mr / 2 : mr / 4,
                            cin, inputChannelOffset, s);
                    if (segments > 0) {
                        // Other passes write other panels' columns: whether to add to C is the block's, not the pass's.
                        multiplySegments(packedFrom >= 0 ? s.a : s.slab.data, packedFrom >= 0 ? mr : channelStride, segments, weights, k0,
                                phase, passFirstPanel, passEndPanel, c0, s.c, cTile, cTile + mr / 2 * ldc, ldc, s.tileComputed[tile], s);
                        s.tileComputed[tile] |= pass == panelPasses - 1;
                        anyProduct = true;
                    }
                }
            }
        }
        kernels.writeOut(y, bias, anyProduct ? s.c : null, s.target, s.tileComputed, mr, paddedRows,
                channelMajor ? ldc : 1, channelMajor ? 1 : ldc, validColumns, channelBase, plane);
    }

    /**
     * A row block on the {@link #vectorStreams} path: at most two tiles of rows, taken as four
     * halves of four, over phase weights that stream from memory. Of the four halves, the one with
     * the fewest taps that reach real input (a border row of the phase, or padding rows) goes
     * last; per reduction block the other twelve rows and it are packed apart, then panel by panel
     * a 12-row tile streams the panel's block from memory in one run and a 4-row tile takes it
     * from L2 over its taps only. The FMAs of the streaming run partly overlap the stream, those
     * of the cached run not at all, so more rows stream and the skipped taps are skipped in the
     * cached run. DCGAN's 4x4 layer at batch 1 (a border row whose taps are half padding), medians
     * of eight alternating runs against two 8-row tiles: 1.82 -> 1.68 ms on one thread (0.95 ->
     * 0.89 on two), and 1.49-1.54 once packing copies runs of four pixels as whole vectors.
     */
    private void runStreamedItem(A y, int item, Scratch<A> s) {
        int group = itemGroup[item];
        PhaseGemm phase = phases.get(itemPhase[item]);
        int firstPanel = columnBlockFirstPanel[itemColumnBlock[item]];
        int endPanel = columnBlockFirstPanel[itemColumnBlock[item] + 1];
        int c0 = panelStart[firstPanel];
        int c1 = panelStart[endPanel];
        int m0 = itemRowBlock[item] * rowBlock;
        int rows = Math.min(rowBlock, imagesIn(itemSlab[item]) * phase.rowsPerImage() - m0);
        int paddedRows = 2 * mr;
        int half = mr / 2;
        fillRowTables(phase, itemSlab[item] * slabImages, imagesIn(itemSlab[item]), m0, rows, paddedRows, s);
        int cached = 0;
        int fewestTaps = Integer.MAX_VALUE;
        for (int h = 0; h < paddedRows / half; h++) {
            markGroupTaps(phase, h * half, half, s.halfTapActive, 0, s);
            int taps = 0;
            for (int t = 0; t < phase.taps(); t++) {
                taps += s.halfTapActive[t] ? 1 : 0;
            }
            if (taps < fewestTaps) {
                fewestTaps = taps;
                cached = h;
            }
        }
        // The cached half's rows go last, so both runs take contiguous rows (C2 keeps the 12-row
        // tile's 24 sums in registers only with a single base).
        moveRowsLast(cached * half, half, paddedRows, s);
        int streamingRows = paddedRows - half;
        markGroupTaps(phase, 0, streamingRows, s.streamingTapActive, 0, s);
        markGroupTaps(phase, streamingRows, half, s.halfTapActive, 0, s);

        int cout = problem.outChannelsPerGroup();
        int lanes = kernels.lanes();
        int ldc = c1 - c0;
        int weights = weightOffset[group][phase.index];
        int cin = problem.inChannelsPerGroup();
        int inputChannelOffset = group * cin * padded.channelStride();
        for (int k0 = 0; k0 < phase.k; k0 += reductionBlock) {
            int kc = Math.min(reductionBlock, phase.k - k0);
            // The streaming rows first: packing may write a vector past its end.
            kernels.packTile(s.slab.data, s.a, 0, s.base, phase, padded, 0, streamingRows, k0, kc, cin, inputChannelOffset);
            kernels.packTile(s.slab.data, s.a, streamingRows * kc, s.base, phase, padded, streamingRows, half, k0, kc, cin, inputChannelOffset);
            for (int j = firstPanel; j < endPanel; j++) {
                int bo = weights + weightIndex(phase, j, k0, 0);
                int column = panelStart[j] - c0;
                if (panelWidth[j] == 2 * lanes) {
                    int segments = collectSegments(phase, s.streamingTapActive, 0, k0, kc, 0, 0, 0, cin, inputChannelOffset, s);
                    streamedRun(segments, 0, streamingRows, 0, bo, kc * lanes, column, ldc, k0 > 0, s);
                    segments = collectSegments(phase, s.halfTapActive, 0, k0, kc, 0, 0, 0, cin, inputChannelOffset, s);
                    streamedRun(segments, streamingRows * kc, half, streamingRows, bo, kc * lanes, column, ldc, k0 > 0, s);
                    continue;
                }
                // A last panel of one vector (one stream either way, and at most one such panel): row by row,
                // the streaming rows, then the cached half.
                for (int firstRow = 0; firstRow < paddedRows; firstRow += streamingRows) {
                    boolean streaming = firstRow == 0;
                    int rowsPerStep = streaming ? streamingRows : half;
                    int segments = collectSegments(phase, streaming ? s.streamingTapActive : s.halfTapActive, 0, k0, kc, 0, 0, 0, cin,
                            inputChannelOffset, s);
                    for (int row = 0; row < rowsPerStep; row++) {
                        for (int seg = 0; seg < segments; seg++) {
                            s.segmentStart[0][seg] = firstRow * kc + row + s.segmentK[seg] * rowsPerStep;
                        }
                        kernels.channelTile(s.a, s.segmentStart[0], null, s.segmentK, s.segmentLength, segments, rowsPerStep, packedWeights,
                                bo, s.c, (firstRow + row) * ldc + column, 0, ldc, 1, 1, k0 > 0);
                    }
                }
            }
        }
        Arrays.fill(s.tileComputed, 0, paddedRows / mr, true);
        kernels.writeOut(y, bias, s.c, s.target, s.tileComputed, mr, paddedRows, ldc, 1, Math.min(c1, cout) - c0, group * cout + c0,
                problem.height().output() * problem.width().output());
    }

    /**
     * A band of output rows of one image, every phase, one column block: each phase's tiles
     * accumulate straight into the channels-last staging buffer (a tile's 8 pixels are 8 output
     * columns {@code stride} apart, so the micro-kernel's row step is {@code stride * columns}),
     * which starts at zero so that untouched cells end as bias alone; then every channel's rows go
     * out as whole vectors.
     */
    private void runStagedItem(A y, int item, Scratch<A> s) {
        int group = itemGroup[item];
        int firstPanel = columnBlockFirstPanel[itemColumnBlock[item]];
        int endPanel = columnBlockFirstPanel[itemColumnBlock[item] + 1];
        int c0 = panelStart[firstPanel];
        int ldz = stagePixelStride;
        int image = itemRowBlock[item] / bandsPerImage;
        int oh0 = itemRowBlock[item] % bandsPerImage * bandRows;
        int oh1 = Math.min(problem.height().output(), oh0 + bandRows);
        int cin = problem.inChannelsPerGroup();
        int channelStride = padded.channelStride();
        int inputChannelOffset = group * cin * channelStride;
        int rowStep = w.stride * ldz;
        int cout = problem.outChannelsPerGroup();
        int outWidth = problem.width().output();
        int plane = problem.height().output() * outWidth;
        int n = itemSlab[item] * slabImages + image;
        // The sink too, so that what lone halves add there stays bounded.
        kernels.zero(s.c, 0, (oh1 - oh0) * stageWidth * ldz);
        kernels.zero(s.c, sinkPixel() * ldz, stageBufferPixels() * ldz);
        int band = itemRowBlock[item] % bandsPerImage;
        int half = mr / 2;
        for (PhaseGemm phase : phases) {
            // The band's rows of the phase as one run of pixels, cut into tiles; a tile's halves
            // may lie in two rows. A last tile with one half sends the other to the sink.
            int aLow = firstBandRow(phase, oh0);
            int pixels = bandPixels(phase, oh0);
            int weights = weightOffset[group][phase.index];
            boolean[] active = stagedTapActive[phase.index][band];
            for (int q = 0; phase.k > 0 && q < pixels; q += mr) {
                s.base[0] = stagedInput(phase, image, aLow, q);
                boolean secondHalf = q + half < pixels;
                s.base[half] = secondHalf ? stagedInput(phase, image, aLow, q + half) : s.base[0];
                int segments = collectSegments(phase, active, q / mr * phase.taps(), 0, phase.k, -1, 0, half, cin,
                        inputChannelOffset, s);
                if (segments > 0) {
                    int cHalf = secondHalf ? stageCell(phase, aLow, q + half, oh0) : sinkPixel() * ldz;
                    multiplySegments(s.slab.data, channelStride, segments, weights, 0, phase, firstPanel, endPanel, c0,
                            s.c, stageCell(phase, aLow, q, oh0), cHalf, rowStep, true, s);
                }
            }
        }
        kernels.writeStaged(y, bias, s.c, 0, ldz, stageWidth, oh1 - oh0, outWidth, Math.min(panelStart[endPanel], cout) - c0,
                group * cout + c0, n * problem.outChannels() * plane + oh0 * outWidth, plane, s.a);
    }

    /** Where pixel {@code q} of a band's run of {@code phase} (first phase row {@code aLow}) reads the padded slab through tap 0. */
    private int stagedInput(PhaseGemm phase, int image, int aLow, int q) {
        return padded.offset(image, h.firstQ[phase.rh] + aLow + q / phase.paddedCols, w.firstQ[phase.rw] + q % phase.paddedCols);
    }

    /** Where pixel {@code q} of a band's run of {@code phase} lands in the staging buffer of the band starting at output row {@code oh0}. */
    private int stageCell(PhaseGemm phase, int aLow, int q, int oh0) {
        int row = h.output(phase.rh, aLow + q / phase.paddedCols) - oh0;
        return (row * stageWidth + w.output(phase.rw, q % phase.paddedCols)) * stagePixelStride;
    }

    /**
     * Splits the reduction block {@code [k0, k0 + kc)} of a tile at tap boundaries into runs of
     * input channels, leaving out taps that reach no real input pixel for the tile (they would only
     * add zeros), and records where each run starts in A: in the tile packed at {@code packedFrom},
     * or (when that is negative) in place in the padded slab from
     * {@code s.base[baseRow + v * vectorRowStep]} for each part {@code v} of the tile (its two
     * halves for channel tiles, its four vectors for pixel tiles). In a packed tile, taps next to
     * each other make one run, as they lie next to each other there and in the weights: every run
     * starts a kernel loop anew, and while weights stream from memory each new loop cost about
     * 0.6 us (0.15 us from L2). DCGAN's 4x4 layer at batch 1, where the 12 streaming rows read all
     * four taps of a phase in one loop instead of four: 1.55 -> 1.40 ms on one thread.
     * Returns the number of runs.
     */
    private int collectSegments(PhaseGemm phase, boolean[] active, int activeOffset, int k0, int kc, int packedFrom, int baseRow,
                                int vectorRowStep, int cin, int inputChannelOffset, Scratch<A> s) {
        int channelStride = padded.channelStride();
        int parts = vectorRowStep == 0 ? 1 : mr / vectorRowStep;
        int segments = 0;
        for (int tap = k0 / cin; tap * cin < k0 + kc; tap++) {
            if (!active[activeOffset + tap]) {
                continue;
            }
            int kFrom = Math.max(k0, tap * cin);
            int length = Math.min(k0 + kc, (tap + 1) * cin) - kFrom;
            if (packedFrom >= 0 && segments > 0 && s.segmentK[segments - 1] + s.segmentLength[segments - 1] == kFrom - k0) {
                s.segmentLength[segments - 1] += length;
                continue;
            }
            s.segmentK[segments] = kFrom - k0;
            s.segmentLength[segments] = length;
            int offset = tapDelta[phase.index][tap] + inputChannelOffset + (kFrom - tap * cin) * channelStride;
            for (int v = 0; v < parts; v++) {
                s.segmentStart[v][segments] = packedFrom >= 0 ? packedFrom + (kFrom - k0) * mr + v * vectorRowStep
                        : s.base[baseRow + v * vectorRowStep] + offset;
            }
            segments++;
        }
        return segments;
    }

    /** A tile's reduction runs times the panels [firstPanel, endPanel) of the block starting at {@code k0}. */
    private void multiplySegments(A a, int aStride, int segments, int weights, int k0, PhaseGemm phase, int firstPanel,
                                  int endPanel, int c0, A c, int cTile, int cHalf, int ldc, boolean accumulate, Scratch<A> s) {
        for (int j = firstPanel; j < endPanel; j++) {
            int width = panelWidth[j];
            int bo = weights + weightIndex(phase, j, k0, 0);
            int column = panelStart[j] - c0;
            switch (path) {
                case CHANNEL_VECTORS -> kernels.channelTile(a, s.segmentStart[0], s.segmentStart[1], s.segmentK, s.segmentLength, segments, aStride,
                        packedWeights, bo, c, cTile + column, cHalf + column, ldc, mr, width / kernels.lanes(), accumulate);
                case SCALAR -> kernels.scalarTile(a, s.segmentStart[0], s.segmentStart[1], s.segmentK, s.segmentLength, segments, aStride,
                        packedWeights, bo, c, cTile + column, cHalf + column, ldc, mr, width, accumulate);
                case PIXEL_VECTORS -> {
                    for (int seg = 0; seg < segments; seg++) {
                        kernels.pixelTile(a, s.segmentStart[0][seg], s.segmentStart[1][seg], s.segmentStart[2][seg],
                                s.segmentStart[3][seg], aStride, packedWeights, bo + s.segmentK[seg] * width, c,
                                cTile + column * ldc, ldc, s.segmentLength[seg], width, accumulate || seg > 0);
                    }
                }
                case DEPTHWISE_ROWS, SCATTER, WINOGRAD, WINOGRAD_PHASES, PHASE_PAIRS -> throw new IllegalStateException(path + " is not a stride-phase gather path");
            }
        }
    }

    /**
     * For rows m0.. of a phase in a slab: where each lands in the output (-1 for padding rows),
     * where it reads the padded slab through tap 0 (other taps are a fixed offset away), which
     * tiles have their rows contiguous, and its phase row and column ({@link #markGroupTaps} turns
     * those into the taps that reach real input for any group of rows).
     */
    private void fillRowTables(PhaseGemm phase, int firstImage, int images, int m0, int rows, int paddedRows, Scratch<A> s) {
        int cols = phase.paddedCols;
        int outWidth = problem.width().output();
        int outImage = problem.outChannels() * problem.height().output() * outWidth;
        // When channel tiles cannot stay in one phase row, rows are taken image by image for each
        // phase row (row a of every image, then row a + 1), so that a tile's two halves mostly share
        // the phase row (all but one tile per row when the slab has an odd number of images) and the
        // taps that reach padding for a border row are skipped for the whole tile.
        boolean rowMajor = path != KernelPath.PIXEL_VECTORS && mr == 8 && cols % mr != 0;
        int image = rowMajor ? m0 / cols % images : m0 / phase.rowsPerImage();
        int a = rowMajor ? m0 / (cols * images) : m0 % phase.rowsPerImage() / cols;
        int b = m0 % cols;
        for (int row = 0; row < paddedRows; row++) {
            boolean real = row < rows && b < phase.colsW;
            if (row % mr == 0) {
                s.contiguous[row / mr] = row + mr <= rows;
            }
            // Channel tiles read each half (4 pixels) from its own base, so a tile may span two
            // image rows as long as neither half does; pixel tiles need whole vectors in one row.
            int run = path == KernelPath.PIXEL_VECTORS || mr < 8 ? mr : mr / 2;
            if (row % run == 0 && b + run > cols) {
                s.contiguous[row / mr] = false;
            }
            // Rows past the end read where the block's first rows read (whole vectors stay whole) and are discarded.
            s.target[row] = real ? (firstImage + image) * outImage + h.output(phase.rh, a) * outWidth + w.output(phase.rw, b) : -1;
            s.base[row] = row < rows ? padded.offset(image, h.firstQ[phase.rh] + a, w.firstQ[phase.rw] + b) : s.base[row % rows];
            s.rowA[row] = real ? a : -1;
            s.rowB[row] = b;
            if (row + 1 < rows && ++b == cols) {
                b = 0;
                if (rowMajor && ++image == images) {
                    image = 0;
                    a++;
                } else if (!rowMajor && ++a == phase.rowsH) {
                    a = 0;
                    image++;
                }
            }
        }
    }

    /**
     * Marks which taps reach real input for rows {@code [first, first + count)} of the row tables
     * ({@link #fillRowTables}): at {@code active[offset + tap]}.
     */
    private void markGroupTaps(PhaseGemm phase, int first, int count, boolean[] active, int offset, Scratch<A> s) {
        int aMin = Integer.MAX_VALUE;
        int aMax = -1;
        int bMin = Integer.MAX_VALUE;
        int bMax = -1;
        for (int row = first; row < first + count; row++) {
            if (s.rowA[row] >= 0) {
                aMin = Math.min(aMin, s.rowA[row]);
                aMax = Math.max(aMax, s.rowA[row]);
                bMin = Math.min(bMin, s.rowB[row]);
                bMax = Math.max(bMax, s.rowB[row]);
            }
        }
        markActiveTaps(phase, aMax >= 0, aMin, aMax, bMin, bMax, active, offset);
    }

    /**
     * Rows {@code [firstRow, firstRow + rows)} times one panel's block, run by run (the kernel
     * takes one run: with a loop over runs around its own, C2 spilled the 12-row tile's sums).
     * No run still writes the sums (zero, or what {@code accumulate} keeps).
     */
    private void streamedRun(int segments, int aStart, int rows, int firstRow, int bo, int secondStream, int column, int ldc, boolean accumulate,
                             Scratch<A> s) {
        for (int seg = 0; seg < Math.max(segments, 1); seg++) {
            int length = segments == 0 ? 0 : s.segmentLength[seg];
            kernels.streamedTile(s.a, aStart, s.segmentK[seg], length, rows, firstRow, packedWeights, bo, secondStream, s.c, column, ldc,
                    accumulate || seg > 0);
        }
    }

    /** Moves rows {@code [from, from + count)} of the row tables behind the others, up to {@code rows}. */
    private static void moveRowsLast(int from, int count, int rows, Scratch<?> s) {
        moveLast(s.target, from, count, rows, s.movedRows);
        moveLast(s.base, from, count, rows, s.movedRows);
        moveLast(s.rowA, from, count, rows, s.movedRows);
        moveLast(s.rowB, from, count, rows, s.movedRows);
    }

    private static void moveLast(int[] table, int from, int count, int rows, int[] moved) {
        System.arraycopy(table, from, moved, 0, count);
        System.arraycopy(table, from + count, table, from, rows - from - count);
        System.arraycopy(moved, 0, table, rows - count, count);
    }

    /** A tap is active for a tile when some real row of it reads inside the real input through that tap. */
    private void markActiveTaps(PhaseGemm phase, boolean hasReal, int aMin, int aMax, int bMin, int bMax, boolean[] active, int offset) {
        for (int t = 0; t < phase.taps(); t++) {
            boolean tapReaches = false;
            if (hasReal) {
                int ihLow = h.firstQ[phase.rh] + aMin - phase.shiftH[t];
                int ihHigh = h.firstQ[phase.rh] + aMax - phase.shiftH[t];
                int iwLow = w.firstQ[phase.rw] + bMin - phase.shiftW[t];
                int iwHigh = w.firstQ[phase.rw] + bMax - phase.shiftW[t];
                tapReaches = ihHigh >= 0 && ihLow < h.input && iwHigh >= 0 && iwLow < w.input;
            }
            active[offset + t] = tapReaches;
        }
    }

    /** Per-worker buffers: reused across executions, so the hot path allocates nothing once warm. */
    private static final class Scratch<A> {
        final InputCopy<A> slab;
        final int[] target;
        final int[] base;
        final boolean[] contiguous;
        final boolean[] tileComputed;
        final boolean[] tapActive;
        /** Per row of the row tables: its phase row (-1 for padding rows) and column. */
        final int[] rowA;
        final int[] rowB;
        /** The {@link #vectorStreams} path: taps of a half (the cached one, last) and of the streaming rows. */
        final boolean[] halfTapActive;
        final boolean[] streamingTapActive;
        final int[] movedRows;
        /** Reduction runs of the current tile: start in A per pixel vector, offset in the block, length. */
        final int[][] segmentStart;
        final int[] segmentK;
        final int[] segmentLength;
        /**
         * Packed tiles of the channel path; on the staged path, the write-out's buffer
         * ({@link ElementKernels#writeStagedBufferLength}).
         */
        final A a;
        final A c;

        Scratch(ElementKernels<A> kernels, int slabSize, int rowBlock, int tiles, int taps, int packedLength, int columns,
                int bufferRows) {
            // A vector of slack past the slab and the packed tiles: packing copies whole vectors.
            slab = new InputCopy<>(kernels.newArray(slabSize + kernels.lanes()));
            target = new int[rowBlock];
            base = new int[rowBlock];
            contiguous = new boolean[tiles];
            tileComputed = new boolean[tiles];
            tapActive = new boolean[tiles * Math.max(taps, 1)];
            rowA = new int[rowBlock];
            rowB = new int[rowBlock];
            movedRows = new int[rowBlock];
            halfTapActive = new boolean[Math.max(taps, 1)];
            streamingTapActive = new boolean[Math.max(taps, 1)];
            segmentStart = new int[4][Math.max(taps, 1)];
            segmentK = new int[Math.max(taps, 1)];
            segmentLength = new int[Math.max(taps, 1)];
            a = kernels.newArray(packedLength + kernels.lanes());
            c = kernels.newArray(bufferRows * columns);
        }
    }
}
