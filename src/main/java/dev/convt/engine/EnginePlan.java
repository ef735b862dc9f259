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
 * phase a blocked matrix product (pixels x reduction x output channels) with weights packed once,
 * cut into work items that write disjoint output cells and run on a ForkJoin pool.
 *
 * <p>Blocking follows the GotoBLAS scheme: the reduction is cut into blocks of {@link #KC} so that
 * a packed A tile ({@code mr x KC}) stays in L1 while the weight panels of the block stream from
 * L2; partial sums live in a per-worker C buffer of {@code rowBlock x columnBlock}.
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
    /** Rows per micro-tile and per row block. */
    private final int mr;
    private final int rowBlock;
    /** Output channels per group after padding to whole panels, and the panel widths in order. */
    private final int paddedColumns;
    private final int[] panelWidth;
    private final int[] panelStart;
    /** Column blocks per (group, phase): panel index ranges. */
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

    public EnginePlan(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias,
                      KernelChoice choice, int parallelism) {
        this.problem = problem;
        this.kernels = kernels;
        this.bias = bias;
        int lanes = kernels.lanes();
        this.path = KernelPath.choose(problem, choice, lanes);
        h = new AxisPhases(problem.height());
        w = new AxisPhases(problem.width());
        int taps = 0;
        for (int rh = 0; rh < h.phases; rh++) {
            for (int rw = 0; rw < w.phases; rw++) {
                PhaseGemm phase = new PhaseGemm(phases.size(), rh, rw, h, w, problem);
                if (phase.m > 0) {
                    phases.add(phase);
                    taps = Math.max(taps, phase.taps());
                }
            }
        }
        maxTaps = taps;

        int cout = problem.outChannelsPerGroup();
        List<Integer> widths = new ArrayList<>();
        switch (path) {
            case PIXEL_VECTORS -> {
                mr = 4 * lanes;
                rowBlock = 2 * mr;
                int nr = KernelPath.pixelColumns(cout);
                for (int c = 0; c < cout; c += nr) {
                    widths.add(nr);
                }
            }
            default -> {
                mr = 8;
                rowBlock = 64;
                int padded = KernelPath.roundUp(cout, lanes);
                for (int c = 0; c < padded; c += 2 * lanes) {
                    widths.add(Math.min(2 * lanes, padded - c));
                }
            }
        }
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
            case PIXEL_VECTORS -> mr + " pixels (" + kernels.lanes() + " lanes) x " + panelWidth[0] + " channels";
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
        if (items == 0) {
            return;
        }
        if (pool.getParallelism() == 1 || items == 1) {
            runItems(x, y, 0, items);
        } else {
            pool.invoke(new ItemRange(x, y, 0, items, Math.max(1, items / (8 * pool.getParallelism()))));
        }
    }

    private final class ItemRange extends RecursiveAction {
        private final A x;
        private final A y;
        private final int from;
        private final int to;
        private final int grain;

        ItemRange(A x, A y, int from, int to, int grain) {
            this.x = x;
            this.y = y;
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                runItems(x, y, from, to);
            } else {
                int mid = (from + to) >>> 1;
                invokeAll(new ItemRange(x, y, from, mid, grain), new ItemRange(x, y, mid, to, grain));
            }
        }
    }

    private void runItems(A x, A y, int from, int to) {
        Scratch<A> scratch = scratchPool.poll();
        if (scratch == null) {
            scratch = new Scratch<>(kernels, rowBlock, maxTaps, KC, Math.min(paddedColumns, maxColumnBlock()));
        }
        try {
            for (int item = from; item < to; item++) {
                runItem(x, y, item, scratch);
            }
        } finally {
            scratchPool.offer(scratch);
        }
    }

    private int maxColumnBlock() {
        int widest = 0;
        for (int b = 0; b + 1 < columnBlockFirstPanel.length; b++) {
            widest = Math.max(widest, panelStart[columnBlockFirstPanel[b + 1]] - panelStart[columnBlockFirstPanel[b]]);
        }
        return widest;
    }

    private void runItem(A x, A y, int item, Scratch<A> s) {
        int gp = 0;
        while (itemStart[gp + 1] <= item) {
            gp++;
        }
        int group = gp / phases.size();
        PhaseGemm phase = phases.get(gp % phases.size());
        int columnBlocks = columnBlockFirstPanel.length - 1;
        int local = item - itemStart[gp];
        int rowBlockIndex = local / columnBlocks;
        int columnBlockIndex = local % columnBlocks;
        int firstPanel = columnBlockFirstPanel[columnBlockIndex];
        int endPanel = columnBlockFirstPanel[columnBlockIndex + 1];
        int c0 = panelStart[firstPanel];
        int c1 = panelStart[endPanel];

        int m0 = rowBlockIndex * rowBlock;
        int rows = Math.min(rowBlock, phase.m - m0);
        int tiles = ceilDiv(rows, mr);
        int paddedRows = tiles * mr;
        fillRowTables(phase, m0, rows, paddedRows, s);

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
        int inputPlane = problem.height().input() * problem.width().input();
        for (int k0 = 0; k0 < phase.k; k0 += KC) {
            int kc = Math.min(KC, phase.k - k0);
            boolean accumulate = k0 > 0;
            kernels.packRows(x, s.a, s.source, phase.taps(), paddedRows, mr, k0, kc, cin, group * cin, inputPlane);
            for (int tile = 0; tile < tiles; tile++) {
                int ao = tile * kc * mr;
                for (int j = firstPanel; j < endPanel; j++) {
                    int width = panelWidth[j];
                    int bo = weights + panelStart[j] * phase.k + k0 * width;
                    int column = panelStart[j] - c0;
                    switch (path) {
                        case CHANNEL_VECTORS -> kernels.channelTile(s.a, ao, packedWeights, bo, s.c,
                                tile * mr * ldc + column, ldc, kc, width / kernels.lanes(), accumulate);
                        case PIXEL_VECTORS -> kernels.pixelTile(s.a, ao, packedWeights, bo, s.c,
                                column * ldc + tile * mr, ldc, kc, width, accumulate);
                        case SCALAR -> kernels.scalarTile(s.a, ao, packedWeights, bo, s.c,
                                tile * mr * ldc + column, ldc, kc, mr, width, accumulate);
                    }
                }
            }
        }
        kernels.writeOut(y, bias, s.c, s.target, paddedRows, channelMajor ? ldc : 1, channelMajor ? 1 : ldc,
                validColumns, channelBase, plane);
    }

    /** For rows m0.. of a phase: where each lands in the output, and where each tap reads the input. */
    private void fillRowTables(PhaseGemm phase, int m0, int rows, int paddedRows, Scratch<A> s) {
        var ah = problem.height();
        var aw = problem.width();
        int perImage = phase.rowsH * phase.colsW;
        int taps = phase.taps();
        int outPlane = ah.output() * aw.output();
        int inPlane = ah.input() * aw.input();
        for (int row = 0; row < paddedRows; row++) {
            if (row >= rows) {
                s.target[row] = -1;
                for (int t = 0; t < taps; t++) {
                    s.source[row * taps + t] = -1;
                }
                continue;
            }
            int m = m0 + row;
            int n = m / perImage;
            int a = (m % perImage) / phase.colsW;
            int b = m % phase.colsW;
            int oh = h.output(phase.rh, a);
            int ow = w.output(phase.rw, b);
            s.target[row] = n * problem.outChannels() * outPlane + oh * aw.output() + ow;
            int qh = h.firstQ[phase.rh] + a;
            int qw = w.firstQ[phase.rw] + b;
            for (int t = 0; t < taps; t++) {
                int ih = qh - phase.shiftH[t];
                int iw = qw - phase.shiftW[t];
                boolean inside = ih >= 0 && ih < ah.input() && iw >= 0 && iw < aw.input();
                s.source[row * taps + t] = inside ? n * problem.inChannels() * inPlane + ih * aw.input() + iw : -1;
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Per-worker buffers: reused across executions, so the hot path allocates nothing once warm. */
    private static final class Scratch<A> {
        final int[] target;
        final int[] source;
        final A a;
        final A c;

        Scratch(ElementKernels<A> kernels, int rowBlock, int taps, int kc, int columns) {
            target = new int[rowBlock];
            source = new int[rowBlock * Math.max(taps, 1)];
            a = kernels.newArray(rowBlock * kc);
            c = kernels.newArray(rowBlock * Math.max(columns, 1));
        }
    }
}
