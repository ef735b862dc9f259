package dev.convt.engine;

import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/** Entry points from the public API into the engine, one per element type. */
public final class Engines {
    private Engines() {
    }

    public static Engine<float[]> float32(ConvTransposeProblem problem, float[] weight, float[] bias,
                                          KernelChoice choice, int parallelism) {
        return create(problem, FloatKernels.INSTANCE, weight, bias, choice, parallelism);
    }

    public static Engine<double[]> float64(ConvTransposeProblem problem, double[] weight, double[] bias,
                                           KernelChoice choice, int parallelism) {
        return create(problem, DoubleKernels.INSTANCE, weight, bias, choice, parallelism);
    }

    private static <A> Engine<A> create(ConvTransposeProblem problem, ElementKernels<A> kernels, A weight, A bias,
                                        KernelChoice choice, int parallelism) {
        return switch (KernelPath.choose(problem, choice, kernels.lanes(), parallelism)) {
            case DEPTHWISE_ROWS -> new DepthwiseEngine<>(problem, kernels, weight, bias);
            case SCATTER -> new ScatterEngine<>(problem, kernels, weight, bias, parallelism);
            case WINOGRAD -> new WinogradEngine<>(problem, kernels, weight, bias, parallelism);
            case WINOGRAD_PHASES -> new WinogradPhasesEngine<>(problem, kernels, weight, bias);
            case PHASE_PAIRS -> new PhasePairEngine<>(problem, kernels, weight, bias, parallelism);
            case CHANNEL_VECTORS, PIXEL_VECTORS, SCALAR -> new PhaseGemmEngine<>(problem, kernels, weight, bias, choice, parallelism);
        };
    }

    /**
     * Engines for one problem and several sets of weights (no bias), to be run one at a time on
     * the calling thread alone (pool null), as {@link WinogradPhasesEngine} runs its inner plans.
     * Where AUTO picks a stride-phase gather path they share their per-thread scratch
     * ({@link PhaseGemmEngine.Siblings}).
     */
    static <A> List<Engine<A>> createSiblings(ConvTransposeProblem problem, ElementKernels<A> kernels, List<A> weights) {
        KernelPath path = KernelPath.choose(problem, KernelChoice.AUTO, kernels.lanes(), 1);
        boolean gather = path == KernelPath.CHANNEL_VECTORS || path == KernelPath.PIXEL_VECTORS;
        PhaseGemmEngine.Siblings<A> siblings = new PhaseGemmEngine.Siblings<>();
        List<Engine<A>> engines = new ArrayList<>();
        for (A weight : weights) {
            engines.add(gather ? new PhaseGemmEngine<>(problem, kernels, weight, null, KernelChoice.AUTO, 1, siblings)
                    : create(problem, kernels, weight, null, KernelChoice.AUTO, 1));
        }
        return engines;
    }

    /**
     * Threads that work on one execution: the calling thread, plus the workers of {@code pool}
     * ({@code null}: none). On a 2-core machine the common pool has one worker, so the default is
     * two threads.
     */
    public static int effectiveParallelism(ForkJoinPool pool) {
        return pool == null ? 1 : pool.getParallelism() + 1;
    }
}
