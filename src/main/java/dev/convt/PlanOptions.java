package dev.convt;

import java.util.concurrent.ForkJoinPool;

/**
 * How a plan runs: which ForkJoin pool lends workers, and (for benchmarks and tests) which kernel
 * path. The thread that calls {@link ConvTransposePlan#execute} always works on its own execution
 * (as with the common pool); a pool's workers join it. Immutable; start from {@link #defaults()}.
 *
 * @param pool   the pool whose workers join the calling thread; {@code null} means
 *               {@link ForkJoinPool#commonPool()}
 * @param kernel which kernel path to use; {@link KernelChoice#AUTO} lets the plan choose by shape
 */
public record PlanOptions(ForkJoinPool pool, KernelChoice kernel) {

    /** The kernel paths a plan can run; see the README's "Engine" section for the rule AUTO applies. */
    public enum KernelChoice {
        /** The plan picks per shape (documented rule, visible in {@link ConvTransposePlan#describe()}). */
        AUTO,
        /** Stride-phase gather, vectorized across output channels. */
        CHANNEL_VECTORS,
        /** Stride-phase gather, vectorized across output pixels (few output channels per group). */
        PIXEL_VECTORS,
        /** One channel per group in and out (depthwise): phase rows vectorized across pixels, no tiles. */
        DEPTHWISE_ROWS,
        /**
         * Plain scatter (col2im): per kernel tap, the input pixels times the tap's weights added into
         * the output cells the tap lands on, vectorized across output channels. Slower than the
         * stride-phase gather or level with it on every suite shape (README, "Performance"), so
         * AUTO never picks it.
         */
        SCATTER,
        /** Plain scalar loops: the engine's portable twin, used to check the vector paths. */
        SCALAR;

        /** Whether this path can run {@code problem}: see {@link #requirement()}. */
        public boolean supports(ConvTransposeProblem problem) {
            return this != DEPTHWISE_ROWS || problem.inChannelsPerGroup() == 1 && problem.outChannelsPerGroup() == 1;
        }

        /** What a problem needs for this path to run it, for messages; empty when it runs every problem. */
        public String requirement() {
            return this == DEPTHWISE_ROWS ? "needs one input and one output channel per group" : "";
        }
    }

    public static PlanOptions defaults() {
        return new PlanOptions(null, KernelChoice.AUTO);
    }

    /** Runs each execution on the calling thread and {@code pool}'s workers. */
    public PlanOptions withPool(ForkJoinPool pool) {
        return new PlanOptions(pool, kernel);
    }

    /**
     * Runs each execution on {@code threads} threads: the calling thread and a pool of
     * {@code threads - 1} workers that this options object creates (none for 1).
     */
    public PlanOptions withThreads(int threads) {
        if (threads < 1) {
            throw new InvalidParameterException("threads", threads, "must be >= 1");
        }
        return withPool(threads == 1 ? CALLER_ONLY : new ForkJoinPool(threads - 1));
    }

    public PlanOptions withKernel(KernelChoice kernel) {
        return new PlanOptions(pool, kernel == null ? KernelChoice.AUTO : kernel);
    }

    /** The pool whose workers join the calling thread, or {@code null} when the calling thread works alone. */
    public ForkJoinPool workerPool() {
        return pool == CALLER_ONLY ? null : pool == null ? ForkJoinPool.commonPool() : pool;
    }

    /** A marker for {@code withThreads(1)}: no pool lends workers, the calling thread works alone. */
    static final ForkJoinPool CALLER_ONLY = new ForkJoinPool(1);
}
