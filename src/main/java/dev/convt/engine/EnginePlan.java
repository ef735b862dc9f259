package dev.convt.engine;

import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The engine's half of a plan, for one element type: the problem split into stride phases, each
 * phase a blocked matrix product (output pixels x reduction over taps and input channels x output
 * channels) with the weights packed once, cut into work items that write disjoint output cells
 * and run on a ForkJoin pool.
 *
 * <p>Each execution first copies the input into a zero-bordered {@link PaddedInput}, so kernels
 * never test bounds. Pixel rows of one phase row are then contiguous in memory for every tap, and
 * the micro-kernels read them in place; only tiles that straddle two image rows (phases narrower
 * than a tile) are packed. Blocking follows the GotoBLAS scheme: the reduction is cut into blocks
 * of {@link #KC} so a tile's A operand stays in L1 while the weight panels stream from L2; partial
 * sums live in a per-worker C buffer of {@code rowBlock x columnBlock}.
 */
public final class EnginePlan<A> {
    /** Reduction block length. */
    static final int KC = 256;
    /** Largest column (output-channel) block per work item, in channels. */
    static final int MAX_COLUMN_BLOCK = 512;

    private final ConvTransposeProblem problem;
    private final ElementKernels<A> kernels;
    private final KernelPath path;
    private final AxisPhases h;
    private final AxisPhases w;
    private final List<PhaseGemm> phases = new ArrayList<>();
    private final PaddedInput padded;
    /** Rows per micro-tile and per row block. */
    private final int mr;
    private final int rowBlock;
    /** Per phase: columns per phase row after padding to whole tiles (rows beyond colsW are discarded). */
    private final int[] paddedCols;
    /** Output-channel panels per group (padded to whole vectors) and where each starts. */
    private final int[] panelWidth;
    private final int[] panelStart;
    private final int paddedColumns;
    /** Column blocks, as panel boundaries. */
    private final int[] columnBlockFirstPanel;
    private final A packedWeights;
    /** Offset of (group, phase) in {@link #packedWeights}. */
    private final int[][] weightOffset;
    private final A bias;
    /** Work items: prefix sums over (group, phase) of row blocks times column blocks. */
    private final int[] itemStart;
    private final int items;
    private final int maxTaps;
    private final ConcurrentLinkedQueue<Scratch<A>> scratchPool = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<A> paddedPool = new ConcurrentLinkedQueue<>();

    public EnginePlan(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias,
                      KernelChoice choice, int parallelism) {
        this.problem = problem;
        this.kernels = kernels;
        this.bias = bias;
        int lanes = kernels.lanes();
        this.path = KernelPath.choose(problem, choice, lanes);
        h = new AxisPhases(problem.height());
        w = new AxisPhases(problem.width());
        int cout = problem.outChannelsPerGroup();
        List<Integer> widths = new ArrayList<>();
        if (path == KernelPath.PIXEL_VECTORS) {
            mr = 4 * lanes;
            rowBlock = 2 * mr;
            int nr = KernelPath.pixelColumns(cout);
            for (int c = 0; c < cout; c += nr) {
                widths.add(nr);
            }
        } else {
            mr = 8;
            rowBlock = 64;
            int padded = KernelPath.roundUp(cout, lanes);
            for (int c = 0; c < padded; c += 2 * lanes) {
                widths.add(Math.min(2 * lanes, padded - c));
            }
        }
        int taps = 0;
        List<Integer> cols = new ArrayList<>();
        for (int rh = 0; rh < h.phases; rh++) {
            for (int rw = 0; rw < w.phases; rw++) {
                int colsW = w.count[rw];
                int padCols = tileAlignedColumns(colsW);
                PhaseGemm phase = new PhaseGemm(phases.size(), rh, rw, h, w, problem, padCols);
                if (phase.m > 0) {
                    phases.add(phase);
                    cols.add(padCols);
                    taps = Math.max(taps, phase.taps());
                }
            }
        }
        maxTaps = taps;
        paddedCols = cols.stream().mapToInt(Integer::intValue).toArray();
        int colSlack = 0;
        for (int i = 0; i < phases.size(); i++) {
            colSlack = Math.max(colSlack, paddedCols[i] - phases.get(i).colsW);
        }
        padded = new PaddedInput(problem.batch(), problem.inChannels(), h, w, colSlack);

        panelWidth = widths.stream().mapToInt(Integer::intValue).toArray();
        panelStart = new int[panelWidth.length + 1];
        for (int j = 0; j < panelWidth.length; j++) {
            panelStart[j + 1] = panelStart[j] + panelWidth[j];
        }
        paddedColumns = panelStart[panelWidth.length];

        columnBlockFirstPanel = splitColumns(parallelism);
        int perPhaseBlocks = columnBlockFirstPanel.length - 1;
        itemStart = new int[problem.groups() * phases.size() + 1];
        for (int g = 0, i = 0; g < problem.groups(); g++) {
            for (PhaseGemm phase : phases) {
                itemStart[i + 1] = itemStart[i] + ceilDiv(phase.m, rowBlock) * perPhaseBlocks;
                i++;
            }
        }
        items = itemStart[itemStart.length - 1];

        weightOffset = new int[problem.groups()][phases.size()];
        int total = 0;
        for (int g = 0; g < problem.groups(); g++) {
            for (PhaseGemm phase : phases) {
                weightOffset[g][phase.index] = total;
                total += phase.k * paddedColumns;
            }
        }
        packedWeights = kernels.newArray(Math.max(total, 1));
        packWeights(weight);
    }

    /**
     * Columns per phase row as the tiles see them. Pixel tiles are made of whole vectors, so a
     * row is rounded up to whole vectors. Channel tiles read a row in place when 8 pixels of it are
     * contiguous: rows are rounded up to whole tiles when that wastes at most an eighth, else left
     * alone and tiles that straddle two rows are packed.
     */
    private int tileAlignedColumns(int colsW) {
        if (path == KernelPath.PIXEL_VECTORS) {
            return KernelPath.roundUp(colsW, kernels.lanes());
        }
        int rounded = KernelPath.roundUp(colsW, mr);
        return (rounded - colsW) * 8 <= rounded ? rounded : colsW;
    }

    /**
     * Column blocks, as panel boundaries: at most {@link #MAX_COLUMN_BLOCK} channels each, and
     * split further while there are fewer work items than twice the parallelism.
     */
    private int[] splitColumns(int parallelism) {
        int rowItems = 0;
        for (PhaseGemm phase : phases) {
            rowItems += ceilDiv(phase.m, rowBlock) * problem.groups();
        }
        int blocks = ceilDiv(paddedColumns, MAX_COLUMN_BLOCK);
        while (rowItems * blocks < 2 * parallelism && blocks < panelWidth.length) {
            blocks++;
        }
        blocks = Math.min(Math.max(blocks, 1), Math.max(panelWidth.length, 1));
        int[] first = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++) {
            first[b] = (int) ((long) panelWidth.length * b / blocks);
        }
        return first;
    }

    private void packWeights(A weight) {
        int cin = problem.inChannelsPerGroup();
        int cout = problem.outChannelsPerGroup();
        int kh = problem.height().kernel();
        int kw = problem.width().kernel();
        for (int g = 0; g < problem.groups(); g++) {
            for (PhaseGemm phase : phases) {
                int base = weightOffset[g][phase.index];
                for (int j = 0; j < panelWidth.length; j++) {
                    int width = panelWidth[j];
                    int panelBase = base + panelStart[j] * phase.k;
                    for (int k = 0; k < phase.k; k++) {
                        int tap = k / cin;
                        int ci = g * cin + k % cin;
                        for (int lane = 0; lane < width; lane++) {
                            int co = panelStart[j] + lane;
                            if (co < cout) {
                                int from = ((ci * cout + co) * kh + phase.tapH[tap]) * kw + phase.tapW[tap];
                                kernels.copy(weight, from, packedWeights, panelBase + k * width + lane);
                            }
                        }
                    }
                }
            }
        }
    }

    public String describe() {
        int columnBlocks = columnBlockFirstPanel.length - 1;
        String tile = switch (path) {
            case CHANNEL_VECTORS -> "8 pixels x " + (2 * kernels.lanes()) + " channels (" + kernels.lanes() + " lanes)";
            case PIXEL_VECTORS -> mr + " pixels (" + kernels.lanes() + " lanes) x " + panelWidth[0] + " channel(s)";
            case SCALAR -> "8 pixels x " + (2 * kernels.lanes()) + " channels, scalar loops";
        };
        return "path " + path + ": stride-phase gather, " + phases.size() + " phase(s), micro-tile " + tile
                + ", reduction block " + KC + ", " + items + " work item(s) (" + columnBlocks
                + " channel block(s) per phase), vector width " + VectorWidth.SHAPE.vectorBitSize() + " bits";
    }

    public KernelPath path() {
        return path;
    }

    /** Computes {@code y = convT(x)} for the whole batch on {@code pool} (inline when its parallelism is 1). */
    public void execute(A x, A y, ForkJoinPool pool) {
        A xp = paddedPool.poll();
        if (xp == null) {
            xp = kernels.newArray(padded.size());
        }
        try {
            boolean inline = pool.getParallelism() == 1;
            int images = problem.batch() * problem.inChannels();
            if (inline) {
                fillPadded(x, xp, 0, images);
            } else {
                A source = x;
                A target = xp;
                pool.invoke(new Range(0, images, Math.max(1, images / (4 * pool.getParallelism())),
                        (from, to) -> fillPadded(source, target, from, to)));
            }
            if (inline || items == 1) {
                runItems(xp, y, 0, items);
            } else {
                A source = xp;
                pool.invoke(new Range(0, items, Math.max(1, items / (8 * pool.getParallelism())),
                        (from, to) -> runItems(source, y, from, to)));
            }
        } finally {
            paddedPool.offer(xp);
        }
    }

    /** Copies images [from, to) (index n * Cin + c) into the padded buffer; borders are zero. */
    private void fillPadded(A x, A xp, int from, int to) {
        int rows = padded.inputRows;
        int cols = padded.inputCols;
        for (int nc = from; nc < to; nc++) {
            int planeStart = nc * padded.plane;
            kernels.zero(xp, planeStart, planeStart + padded.plane);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, (nc * rows + r) * cols, xp, padded.rowStart(nc, r), cols);
            }
        }
    }

    @FunctionalInterface
    private interface RangeBody {
        void run(int from, int to);
    }

    /** Splits [from, to) in halves down to {@code grain}; leaves run the body. */
    private static final class Range extends RecursiveAction {
        private final int from;
        private final int to;
        private final int grain;
        private final RangeBody body;

        Range(int from, int to, int grain, RangeBody body) {
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.body = body;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
            } else {
                int mid = (from + to) >>> 1;
                invokeAll(new Range(from, mid, grain, body), new Range(mid, to, grain, body));
            }
        }
    }

    private void runItems(A xp, A y, int from, int to) {
        Scratch<A> scratch = scratchPool.poll();
        if (scratch == null) {
            scratch = new Scratch<>(kernels, rowBlock, mr, maxTaps, KC, maxColumnBlock());
        }
        try {
            for (int item = from; item < to; item++) {
                runItem(xp, y, item, scratch);
            }
        } finally {
            scratchPool.offer(scratch);
        }
    }

    private int maxColumnBlock() {
        int widest = 1;
        for (int b = 0; b + 1 < columnBlockFirstPanel.length; b++) {
            widest = Math.max(widest, panelStart[columnBlockFirstPanel[b + 1]] - panelStart[columnBlockFirstPanel[b]]);
        }
        return widest;
    }

    private void runItem(A xp, A y, int item, Scratch<A> s) {
        int gp = 0;
        while (itemStart[gp + 1] <= item) {
            gp++;
        }
        int group = gp / phases.size();
        int phaseIndex = gp % phases.size();
        PhaseGemm phase = phases.get(phaseIndex);
        int columnBlocks = columnBlockFirstPanel.length - 1;
        int local = item - itemStart[gp];
        int firstPanel = columnBlockFirstPanel[local % columnBlocks];
        int endPanel = columnBlockFirstPanel[local % columnBlocks + 1];
        int c0 = panelStart[firstPanel];
        int c1 = panelStart[endPanel];

        int m0 = (local / columnBlocks) * rowBlock;
        int rows = Math.min(rowBlock, phase.m - m0);
        int tiles = ceilDiv(rows, mr);
        int paddedRows = tiles * mr;
        fillRowTables(phase, paddedCols[phaseIndex], m0, rows, paddedRows, s);

        int cout = problem.outChannelsPerGroup();
        int validColumns = Math.min(c1, cout) - c0;
        int channelBase = group * cout + c0;
        int plane = problem.height().output() * problem.width().output();
        if (phase.k == 0) {
            kernels.writeBias(y, bias, s.target, paddedRows, validColumns, channelBase, plane);
            return;
        }
        boolean channelMajor = path != KernelPath.PIXEL_VECTORS;
        int ldc = channelMajor ? c1 - c0 : paddedRows;
        int weights = weightOffset[group][phase.index];
        int cin = problem.inChannelsPerGroup();
        int inputChannelBase = group * cin;
        int taps = phase.taps();
        for (int k0 = 0; k0 < phase.k; k0 += KC) {
            int kc = Math.min(KC, phase.k - k0);
            boolean accumulate = k0 > 0;
            for (int tile = 0; tile < tiles; tile++) {
                int row0 = tile * mr;
                int cTile = channelMajor ? row0 * ldc : row0;
                if (channelMajor && !s.contiguous[tile]) {
                    kernels.packTile(xp, s.a, s.source, taps, row0, mr, k0, kc, cin, inputChannelBase, padded.plane);
                    multiplyPanels(s.a, 0, 0, 0, 0, mr, weights, k0, kc, phase, firstPanel, endPanel, c0, s.c, cTile, ldc, accumulate);
                    continue;
                }
                // In place: split the block at tap boundaries, each tap a contiguous run of channels.
                boolean started = accumulate;
                for (int tap = k0 / cin; tap * cin < k0 + kc; tap++) {
                    int kFrom = Math.max(k0, tap * cin);
                    int kTo = Math.min(k0 + kc, (tap + 1) * cin);
                    int channelOffset = (inputChannelBase + kFrom - tap * cin) * padded.plane;
                    int a0 = s.source[row0 * taps + tap] + channelOffset;
                    int vectorRows = mr / 4;
                    int a1 = channelMajor ? 0 : s.source[(row0 + vectorRows) * taps + tap] + channelOffset;
                    int a2 = channelMajor ? 0 : s.source[(row0 + 2 * vectorRows) * taps + tap] + channelOffset;
                    int a3 = channelMajor ? 0 : s.source[(row0 + 3 * vectorRows) * taps + tap] + channelOffset;
                    multiplyPanels(xp, a0, a1, a2, a3, padded.plane, weights, kFrom, kTo - kFrom, phase,
                            firstPanel, endPanel, c0, s.c, cTile, ldc, started);
                    started = true;
                }
            }
        }
        kernels.writeOut(y, bias, s.c, s.target, paddedRows, channelMajor ? ldc : 1, channelMajor ? 1 : ldc,
                validColumns, channelBase, plane);
    }

    /** One tile's A operand times the panels [firstPanel, endPanel) over reduction rows [k, k + kc). */
    private void multiplyPanels(A a, int a0, int a1, int a2, int a3, int aStride, int weights, int k, int kc,
                                PhaseGemm phase, int firstPanel, int endPanel, int c0, A c, int cTile, int ldc,
                                boolean accumulate) {
        for (int j = firstPanel; j < endPanel; j++) {
            int width = panelWidth[j];
            int bo = weights + panelStart[j] * phase.k + k * width;
            int column = panelStart[j] - c0;
            switch (path) {
                case CHANNEL_VECTORS -> kernels.channelTile(a, a0, aStride, packedWeights, bo, c, cTile + column, ldc, kc,
                        width / kernels.lanes(), accumulate);
                case PIXEL_VECTORS -> kernels.pixelTile(a, a0, a1, a2, a3, aStride, packedWeights, bo, c,
                        cTile + column * ldc, ldc, kc, width, accumulate);
                case SCALAR -> kernels.scalarTile(a, a0, aStride, packedWeights, bo, c, cTile + column, ldc, kc, width, accumulate);
            }
        }
    }

    /**
     * For rows m0.. of a phase: where each lands in the output (-1 for padding rows), where each
     * tap reads the padded input, and which tiles have their rows contiguous in it.
     */
    private void fillRowTables(PhaseGemm phase, int cols, int m0, int rows, int paddedRows, Scratch<A> s) {
        int perImage = phase.rowsH * cols;
        int taps = phase.taps();
        int outWidth = problem.width().output();
        int outImage = problem.outChannels() * problem.height().output() * outWidth;
        for (int row = 0; row < paddedRows; row++) {
            // Rows past the end repeat the block's first rows: their reads stay in bounds and are discarded.
            int m = m0 + row % rows;
            int n = m / perImage;
            int a = (m % perImage) / cols;
            int b = m % cols;
            boolean real = row < rows && b < phase.colsW;
            s.target[row] = real ? n * outImage + h.output(phase.rh, a) * outWidth + w.output(phase.rw, b) : -1;
            int qh = h.firstQ[phase.rh] + a;
            int qw = w.firstQ[phase.rw] + b;
            for (int t = 0; t < taps; t++) {
                s.source[row * taps + t] = padded.offset(n, qh - phase.shiftH[t], qw - phase.shiftW[t]);
            }
        }
        for (int tile = 0; tile * mr < paddedRows; tile++) {
            int first = (m0 + tile * mr) % cols;
            s.contiguous[tile] = first + mr <= cols && tile * mr + mr <= rows;
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Per-worker buffers: reused across executions, so the hot path allocates nothing once warm. */
    private static final class Scratch<A> {
        final int[] target;
        final int[] source;
        final boolean[] contiguous;
        final A a;
        final A c;

        Scratch(ElementKernels<A> kernels, int rowBlock, int mr, int taps, int kc, int columns) {
            target = new int[rowBlock];
            source = new int[rowBlock * Math.max(taps, 1)];
            contiguous = new boolean[rowBlock / mr];
            a = kernels.newArray(mr * kc);
            c = kernels.newArray(rowBlock * columns);
        }
    }
}
