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
        /**
         * Winograd F(2,3) along the rows for stride 1 and a kernel 3 wide: each pair of output
         * columns takes 4 products per input channel and kernel row instead of 6, vectorized across
         * output channels. Its rounding differs from a plain sum (README, "Verification").
         */
        WINOGRAD,
        /**
         * Winograd F(2,2) along each column phase where the kernel is twice the stride along the
         * width (DCGAN's K4 S2, a vocoder's K16 S8): each pair of a phase's output columns takes 3
         * products per input channel and kernel row instead of 4, computed by inner plans over the
         * transformed input. Its rounding differs from a plain sum (README, "Verification").
         */
        WINOGRAD_PHASES,
        /**
         * Stride 2 along the width: both column phases of an output row computed together,
         * vectorized across output pixels, interleaved in registers and written straight into
         * NCHW rows, with no staging and no transposes.
         */
        PHASE_PAIRS,
        /** Plain scalar loops: the engine's portable twin, used to check the vector paths. */
        SCALAR;

        /** Whether this path can run {@code problem}: see {@link #requirement()}. */
        public boolean supports(ConvTransposeProblem problem) {
            return switch (this) {
                case DEPTHWISE_ROWS -> problem.inChannelsPerGroup() == 1 && problem.outChannelsPerGroup() == 1;
                case WINOGRAD -> problem.height().stride() == 1 && problem.width().stride() == 1
                        && problem.width().kernel() == 3 && problem.width().dilation() == 1;
                case WINOGRAD_PHASES -> problem.width().kernel() == 2 * problem.width().stride() && problem.width().dilation() == 1;
                case PHASE_PAIRS -> problem.width().stride() == 2;
                default -> true;
            };
        }

        /** What a problem needs for this path to run it, for messages; empty when it runs every problem. */
        public String requirement() {
            return switch (this) {
                case DEPTHWISE_ROWS -> "needs one input and one output channel per group";
                case WINOGRAD -> "needs stride 1, and a kernel 3 wide with dilation 1 along the width";
                case WINOGRAD_PHASES -> "needs a kernel twice the stride, with dilation 1, along the width";
                case PHASE_PAIRS -> "needs stride 2 along the width";
                default -> "";
            };
        }

        /** What {@code problem} has where {@link #requirement()} asks, for messages. */
        public String whatItHas(ConvTransposeProblem problem) {
            return switch (this) {
                case DEPTHWISE_ROWS -> problem.inChannelsPerGroup() + " input and " + problem.outChannelsPerGroup()
                        + " output channels per group";
                case WINOGRAD -> "stride " + problem.height().stride() + "x" + problem.width().stride() + ", kernel width "
                        + problem.width().kernel() + ", dilation along the width " + problem.width().dilation();
                case WINOGRAD_PHASES -> "kernel width " + problem.width().kernel() + ", stride " + problem.width().stride()
                        + " and dilation " + problem.width().dilation() + " along the width";
                case PHASE_PAIRS -> "stride " + problem.width().stride() + " along the width";
                default -> "";
            };
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
