package dev.convt.engine;

import dev.convt.Axis;
import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A kernel twice the stride along the width (DCGAN's K4 S2, a vocoder's K16 S8), by Winograd's
 * minimal filtering F(2,2) along each column phase.
 *
 * <p>Output column {@code o = r + S j} of phase {@code r} takes two kernel columns,
 * {@code k0 = (r + P) mod S} and {@code k0 + S}, from input columns {@code q} and {@code q - 1},
 * where {@code q = q0(r) + j} and {@code q0(r) = floor((r + P) / S)}: a two-tap correlation along
 * the phase's columns. For the pair of phase columns {@code 2t, 2t + 1}, with
 * {@code d_i = x[q0 + 2t - 1 + i]} and {@code g0 = w[k0 + S]}, {@code g1 = w[k0]}:
 * <pre>
 *   y0 = m0 + m1,   y1 = m1 + m2,
 *   m0 = (d0 - d1) g0,   m1 = d1 (g0 + g1),   m2 = (d2 - d1) g1,
 * </pre>
 * three products where the direct sum takes four. Summed over input channels and the kernel rows,
 * each phase's {@code m_xi} is an ordinary transposed convolution with a kernel one column wide
 * over the transformed input {@code V_xi} (the pairs as its columns; the height, its stride, pads
 * and dilation as they are) with the phase's transformed weights {@code U_xi}: an inner plan,
 * whatever path AUTO gives it ({@link Engines#createSiblings}). Phases with the same {@code q0}
 * (at most two classes: {@code q0} is {@code floor(P / S)} or one more) share {@code V_xi}, and
 * the output transform interleaves the phases' products into the output rows. Each output element comes from the same operations in the same
 * order whatever the thread count: the transforms are element-wise and the inner plans are
 * deterministic.
 *
 * <p>Scratch per calling thread: {@code V} and {@code m} for a slab of images, at most
 * {@link #SLAB_BYTES} unless one image needs more.
 */
final class WinogradPhasesEngine<A> implements Engine<A> {
    /** Products per pair of phase columns. */
    private static final int TRANSFORMS = 3;
    /** AUTO's limits ({@link #pays}). */
    private static final int MOST_PHASES = 8;
    private static final int FEWEST_CHANNELS = 256;
    private static final int FEWEST_OUT_CHANNELS = 128;
    private static final int FEWEST_PAIRS = 64;
    /**
     * Budget for the transformed inputs and the products of one slab of images. The tests set it
     * to a few KiB ({@code -Dconvt.winograd.phases.slab.bytes}), so that their small batches run
     * in several slabs (one of them sized to leave the last slab part empty).
     */
    static final long SLAB_BYTES = Long.getLong("convt.winograd.phases.slab.bytes", 32L << 20);

    private final ConvTransposeProblem problem;
    private final ElementKernels<A> kernels;
    private final A bias;
    private final List<PhaseClass> classes;
    /** The inner plans of m0, m1 and m2 of every phase: class by class, transform by transform ({@link PhaseClass#plan}). */
    private final List<Engine<A>> inner;
    /** Which V each inner plan reads: its class's V_xi. */
    private final int[] transformedIndex;
    /** The input column that the row buffer's element 0 holds (the leftmost any class reads). */
    private final int firstColumn;
    private final int rowBufferLength;
    private final int slab;
    private final ThreadLocal<Scratch<A>> scratchPerThread;
    /** A zero-bordered copy of one input row, per thread that transforms rows. */
    private final ThreadLocal<A> rowBufferPerThread;

    /**
     * The phases that read the same input columns: their first pair's window starts at input
     * column {@code windowStart} ({@code q0 - 1}), and their inner plans all read the class's
     * {@code V_xi}, {@code pairs} columns wide; its plans start at {@code firstPlan}.
     */
    private record PhaseClass(int windowStart, int[] phases, int pairs, ConvTransposeProblem innerProblem, int firstPlan) {
        /** Where the plan of {@code m_xi} for the class's phase {@code p} is in {@link #inner}. */
        int plan(int xi, int p) {
            return firstPlan + xi * phases.length + p;
        }
    }

    WinogradPhasesEngine(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias) {
        if (!KernelChoice.WINOGRAD_PHASES.supports(problem)) {
            throw new IllegalArgumentException("WINOGRAD_PHASES " + KernelChoice.WINOGRAD_PHASES.requirement());
        }
        this.problem = problem;
        this.kernels = kernels;
        this.bias = bias;
        Axis w = problem.width();
        int stride = w.stride();
        int lanes = kernels.lanes();

        // Which phases read the same columns, and how many pairs of columns their rows have.
        List<int[]> phasesPerClass = new ArrayList<>();
        List<Integer> windowStarts = new ArrayList<>();
        List<Integer> pairsPerClass = new ArrayList<>();
        for (int q0 = Math.floorDiv(w.padBegin(), stride); q0 <= Math.floorDiv(w.padBegin(), stride) + 1; q0++) {
            int classQ0 = q0;
            int[] phases = IntStream.range(0, Math.min(stride, w.output()))
                    .filter(r -> Math.floorDiv(r + w.padBegin(), stride) == classQ0).toArray();
            if (phases.length > 0) {
                phasesPerClass.add(phases);
                windowStarts.add(q0 - 1);
                pairsPerClass.add(Math.ceilDiv(Math.ceilDiv(w.output() - phases[0], stride), 2));
            }
        }
        long perImage = 0;
        for (int c = 0; c < phasesPerClass.size(); c++) {
            ConvTransposeProblem inner = innerProblem(1, pairsPerClass.get(c));
            perImage += TRANSFORMS * (inputSize(inner) + phasesPerClass.get(c).length * outputSize(inner)) * kernels.elementBytes();
        }
        int mostImages = (int) Math.clamp(SLAB_BYTES / perImage, 1, problem.batch());
        slab = Math.ceilDiv(problem.batch(), Math.ceilDiv(problem.batch(), mostImages));

        List<PhaseClass> built = new ArrayList<>();
        List<Engine<A>> engines = new ArrayList<>();
        List<Integer> transformedIndices = new ArrayList<>();
        int reach = Integer.MIN_VALUE;
        for (int c = 0; c < phasesPerClass.size(); c++) {
            int[] phases = phasesPerClass.get(c);
            int windowStart = windowStarts.get(c);
            int pairs = pairsPerClass.get(c);
            ConvTransposeProblem inner = innerProblem(slab, pairs);
            built.add(new PhaseClass(windowStart, phases, pairs, inner, engines.size()));
            // Transform by transform, so that consecutive plans read the same V.
            List<A> weights = new ArrayList<>();
            for (int xi = 0; xi < TRANSFORMS; xi++) {
                for (int r : phases) {
                    // Kernel columns k0 = r + P - q0 * S and k0 + S.
                    weights.add(transformedWeights(weight, inner, r + w.padBegin() - (windowStart + 1) * stride, xi));
                    transformedIndices.add(c * TRANSFORMS + xi);
                }
            }
            engines.addAll(Engines.createSiblings(inner, kernels, weights));
            // The input transform reads up to 2 * (pairs rounded up to whole vectors) + 1 past the window's start.
            reach = Math.max(reach, windowStart + 2 * KernelPath.roundUp(pairs, lanes) + 2);
        }
        inner = List.copyOf(engines);
        transformedIndex = transformedIndices.stream().mapToInt(Integer::intValue).toArray();
        classes = List.copyOf(built);
        firstColumn = windowStarts.getFirst();
        rowBufferLength = reach - firstColumn;
        scratchPerThread = ThreadLocal.withInitial(() -> new Scratch<>(kernels, classes));
        rowBufferPerThread = ThreadLocal.withInitial(() -> kernels.newArray(rowBufferLength));
    }

    /**
     * AUTO's rule, measured against channel vectors (float32, 512 bits; 1 thread, the 2-thread
     * ratios in brackets): this path where it can run the problem, the kernel is one row tall (each
     * inner plan is then a plain matrix product per row), the stride along the width is at most
     * {@link #MOST_PHASES}, there are at least {@link #FEWEST_CHANNELS} input and
     * {@link #FEWEST_OUT_CHANNELS} output channels per group, and the phase rows have at least
     * {@link #FEWEST_PAIRS} pairs. Where it paid, 1-D layers 256 wide into 256 channels: K16 S8
     * from 512 channels 5.03-5.15 -> 4.45-4.76 ms (1.07), from 256 2.46 -> 2.31 (1.12), K8 S4
     * 2.33 -> 1.99 (1.16), K4 S2 1.13 -> 0.99 (1.15), K16 S8 at batch 4 21.6 -> 17.7 (1.25), 1024
     * channels 128 wide into 512 11.8 -> 10.0 (1.11), 256 into 128 channels 512 wide 3.0 -> 2.46
     * (level). In float64 these pay too (vocoder 13.3-13.5 -> 10.8-11.3 ms, the others 1.05-1.51x).
     * Where it did not, or not every time: 128 and 64 input channels (0.63 -> 0.65, 0.76 -> 0.94),
     * 64, 32 and 16 output channels (1.01 / 0.94 / 0.86; on 2 threads 0.85 / 1.31 / 1.19), 64 wide
     * (32 pairs: 1.19 -> 1.12 (1.06) in a quiet hour, 0.98 (0.88) in a busy one), K32 S16
     * (2.63 -> 2.70; 1.05 on 2 threads), and every 2-D layer measured (DCGAN's K4 S2 layers at
     * batch 1, 1.06 -> 1.18-1.31; 128 channels 64x64, 4.9 -> 5.6; K16 S8 on 16x16, 2.6 -> 3.5),
     * where the inner plans' rows of pairs are short. Each inner plan runs on one thread, so the
     * rule also asks for at least two of them per thread (3 per phase): not measured beyond 2
     * threads, it keeps K4 S2 (6 plans) from 4 threads on, where channel vectors would use them all.
     */
    static boolean pays(ConvTransposeProblem problem, int parallelism) {
        Axis w = problem.width();
        int phases = Math.min(w.stride(), w.output());
        return KernelChoice.WINOGRAD_PHASES.supports(problem) && problem.height().kernel() == 1 && w.stride() <= MOST_PHASES
                && problem.inChannelsPerGroup() >= FEWEST_CHANNELS && problem.outChannelsPerGroup() >= FEWEST_OUT_CHANNELS
                && Math.ceilDiv(Math.ceilDiv(w.output(), w.stride()), 2) >= FEWEST_PAIRS
                && TRANSFORMS * phases >= 2 * parallelism;
    }

    /** {@code m_xi} of one phase: {@code images} images, a kernel one column wide, {@code pairs} columns. */
    private ConvTransposeProblem innerProblem(int images, int pairs) {
        return new ConvTransposeProblem(images, problem.inChannels(), problem.outChannels(),
                problem.groups(), problem.height(), new Axis(pairs, 1, 1, 1, 0, 0, 0, pairs), false);
    }

    /** {@code U_xi} of the phase whose kernel columns are {@code k0} and {@code k0 + S}, laid out for {@code inner}. */
    private A transformedWeights(A weight, ConvTransposeProblem inner, int k0, int xi) {
        int cout = problem.outChannelsPerGroup();
        int stride = problem.width().stride();
        int kernelRows = problem.height().kernel();
        A packed = kernels.newArray(inner.inChannels() * inner.outChannelsPerGroup() * kernelRows);
        for (int ci = 0; ci < problem.inChannels(); ci++) {
            for (int co = 0; co < cout; co++) {
                for (int kh = 0; kh < kernelRows; kh++) {
                    double g1 = kernels.get(weight, problem.weightIndex(ci, co, kh, k0));
                    double g0 = kernels.get(weight, problem.weightIndex(ci, co, kh, k0 + stride));
                    double u = switch (xi) {
                        case 0 -> g0;
                        case 1 -> g0 + g1;
                        default -> g1;
                    };
                    kernels.set(packed, inner.weightIndex(ci, co, kh, 0), u);
                }
            }
        }
        return packed;
    }

    private static long inputSize(ConvTransposeProblem p) {
        return (long) p.inChannels() * p.height().input() * p.width().input();
    }

    private static long outputSize(ConvTransposeProblem p) {
        return (long) p.outChannels() * p.height().output() * p.width().output();
    }

    @Override
    public KernelChoice kernel() {
        return KernelChoice.WINOGRAD_PHASES;
    }

    @Override
    public String describe() {
        String innerPaths = classes.stream().map(c -> inner.get(c.firstPlan).describe()).distinct()
                .collect(Collectors.joining("; "));
        return "path WINOGRAD_PHASES: kernel twice the stride along the width, Winograd F(2,2) along each of the "
                + Math.min(problem.width().stride(), problem.width().output())
                + " column phase(s) (3 products per pair of phase columns instead of 4), " + classes.size()
                + " class(es) of phases sharing their transformed input, slabs of " + slab
                + " image(s); each phase's m0, m1 and m2 an inner plan on one thread, the plans spread over the threads: " + innerPaths;
    }

    @Override
    public void execute(A x, A y, ForkJoinPool pool) {
        Scratch<A> s = scratchPerThread.get();
        for (int n0 = 0; n0 < problem.batch(); n0 += slab) {
            int images = Math.min(slab, problem.batch() - n0);
            double flops = problem.flops() * images / problem.batch();
            transformInput(x, n0, images, s, pool, flops);
            // Each product of each phase is one item, run on one thread by its inner plan.
            WorkScheduler.run(pool, inner.size(), flops, (from, to) -> {
                for (int i = from; i < to; i++) {
                    inner.get(i).execute(s.transformed.get(transformedIndex[i]), s.products.get(i), null);
                }
            });
            transformOutput(y, n0, images, s, pool, flops);
        }
    }

    /**
     * V of every class for images {@code [n0, n0 + images)}, input channel by input channel over
     * the threads. A last slab that is part empty keeps older V in the rest: the products computed
     * from them are never written out.
     */
    private void transformInput(A x, int n0, int images, Scratch<A> s, ForkJoinPool pool, double flops) {
        Axis w = problem.width();
        int rows = problem.height().input();
        int copyFrom = Math.max(0, firstColumn);
        int copyTo = Math.min(w.input(), firstColumn + rowBufferLength);
        int channels = problem.inChannels();
        WorkScheduler.run(pool, images * channels, flops, (first, end) -> {
            A buffer = rowBufferPerThread.get();
            for (int item = first; item < end; item++) {
                for (int ih = 0; ih < rows; ih++) {
                    int row = (n0 * channels + item) * rows + ih;
                    if (copyTo > copyFrom) {
                        System.arraycopy(x, row * w.input() + copyFrom, buffer, copyFrom - firstColumn, copyTo - copyFrom);
                    }
                    for (int c = 0; c < classes.size(); c++) {
                        PhaseClass k = classes.get(c);
                        kernels.winogradPairInputRow(buffer, k.windowStart - firstColumn, k.pairs, s.transformedInput(c, 0),
                                s.transformedInput(c, 1), s.transformedInput(c, 2), (item * rows + ih) * k.pairs);
                    }
                }
            }
        });
    }

    /**
     * The output rows of images {@code [n0, n0 + images)} from the phases' products, plus the bias,
     * output channel by output channel over the threads.
     */
    private void transformOutput(A y, int n0, int images, Scratch<A> s, ForkJoinPool pool, double flops) {
        Axis h = problem.height();
        Axis w = problem.width();
        int channels = problem.outChannels();
        WorkScheduler.run(pool, images * channels, flops, (first, end) -> {
            for (int item = first; item < end; item++) {
                int co = item % channels;
                for (int oh = 0; oh < h.output(); oh++) {
                    int outRow = ((n0 * channels + item) * h.output() + oh) * w.output();
                    for (PhaseClass k : classes) {
                        int from = (item * h.output() + oh) * k.pairs;
                        for (int p = 0; p < k.phases.length; p++) {
                            int r = k.phases[p];
                            kernels.winogradPairOutputRow(s.products.get(k.plan(0, p)), s.products.get(k.plan(1, p)),
                                    s.products.get(k.plan(2, p)), from, Math.ceilDiv(w.output() - r, w.stride()), y, outRow + r,
                                    w.stride(), bias, co);
                        }
                    }
                }
            }
        });
    }

    /**
     * Per calling thread (several threads may execute one plan at once): V of every class (class
     * c's V_xi at {@code 3c + xi}) and each inner plan's m, for one slab.
     */
    private static final class Scratch<A> {
        final List<A> transformed = new ArrayList<>();
        final List<A> products = new ArrayList<>();

        A transformedInput(int phaseClass, int xi) {
            return transformed.get(phaseClass * TRANSFORMS + xi);
        }

        Scratch(ElementKernels<A> kernels, List<PhaseClass> classes) {
            for (PhaseClass c : classes) {
                ConvTransposeProblem inner = c.innerProblem;
                for (int xi = 0; xi < TRANSFORMS; xi++) {
                    transformed.add(kernels.newArray(Math.toIntExact(inner.batch() * inputSize(inner))));
                }
                for (int i = 0; i < TRANSFORMS * c.phases.length; i++) {
                    products.add(kernels.newArray(Math.toIntExact(inner.batch() * outputSize(inner))));
                }
            }
        }
    }
}
