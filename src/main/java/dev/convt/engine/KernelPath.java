package dev.convt.engine;

import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;

/**
 * Which micro-kernel family runs a problem, and the rule that picks it.
 *
 * <p>Rule for {@link KernelChoice#AUTO}: vectorize across output channels unless the channels per
 * group fill the vector lanes worse than pixels would. Channel vectors waste
 * {@code roundUp(Cout/G, lanes) - Cout/G} lanes per tile; pixel vectors waste columns of their
 * 4-wide (or 1-wide, for 1 or 2 channels) weight broadcast instead. So: pixel vectors when
 * {@code Cout/G} fills less of its lane-rounded width than of its 4-rounded width (3, 5, 6, 7, 9
 * channels), channel vectors otherwise (every multiple of the lane count). Depthwise convolutions
 * (one input and one output channel per group) have a one-channel reduction per tap, too short
 * for any tile to pay off: they take {@link #DEPTHWISE_ROWS}, a plain loop over phase rows. Three
 * special forms take over where their measured rules say they pay (never for a 1x1 input run as a
 * plain matrix product): {@link #WINOGRAD_PHASES} first, for layers a kernel row tall with a
 * kernel twice the stride, long reductions and enough phases for the threads
 * ({@link WinogradPhasesEngine#pays}); {@link #PHASE_PAIRS}, before the pixel/channel choice,
 * for stride 2 along the width where channel vectors would leave lanes empty, the reduction is
 * short or the kernel equals the stride ({@link PhasePairEngine#pays}); and
 * {@link #WINOGRAD}, in place of channel vectors, for stride 1 with a kernel 3 wide
 * ({@link WinogradEngine#pays}).
 */
enum KernelPath {
    CHANNEL_VECTORS,
    PIXEL_VECTORS,
    /** Vectorized across the pixels of a phase row, one channel at a time, no tiles. */
    DEPTHWISE_ROWS,
    /** Plain scatter (col2im), one product per kernel tap: {@link ScatterEngine}, never chosen by AUTO. */
    SCATTER,
    /** Winograd F(2,3) along rows: {@link WinogradEngine}. */
    WINOGRAD,
    /** Winograd F(2,2) along the column phases of a kernel twice the stride: {@link WinogradPhasesEngine}. */
    WINOGRAD_PHASES,
    /** Both column phases of stride 2 at once, interleaved into NCHW rows: {@link PhasePairEngine}. */
    PHASE_PAIRS,
    SCALAR;

    static KernelPath choose(ConvTransposeProblem problem, KernelChoice choice, int lanes, int parallelism) {
        return switch (choice) {
            case CHANNEL_VECTORS -> CHANNEL_VECTORS;
            case PIXEL_VECTORS -> PIXEL_VECTORS;
            case DEPTHWISE_ROWS -> DEPTHWISE_ROWS;
            case SCATTER -> SCATTER;
            case WINOGRAD -> WINOGRAD;
            case WINOGRAD_PHASES -> WINOGRAD_PHASES;
            case PHASE_PAIRS -> PHASE_PAIRS;
            case SCALAR -> SCALAR;
            case AUTO -> {
                int cout = problem.outChannelsPerGroup();
                if (cout == 1 && problem.inChannelsPerGroup() == 1) {
                    yield DEPTHWISE_ROWS;
                }
                double channelFill = (double) cout / roundUp(cout, lanes);
                double pixelFill = (double) cout / roundUp(cout, pixelColumns(cout));
                boolean fewChannels = pixelFill > channelFill;
                // A 1x1 input that is a plain matrix product goes to the stride-phase engine's shortcut.
                boolean product = PhaseGemmEngine.asProjection(problem) != null;
                if (!product && WinogradPhasesEngine.pays(problem, parallelism)) {
                    yield WINOGRAD_PHASES;
                }
                if (!product && PhasePairEngine.pays(problem, lanes)) {
                    yield PHASE_PAIRS;
                }
                if (fewChannels) {
                    yield PIXEL_VECTORS;
                }
                yield !product && WinogradEngine.pays(problem, lanes) ? WINOGRAD : CHANNEL_VECTORS;
            }
        };
    }

    /** Weight columns per pixel-vector tile: 1 for one or two channels per group, else 4. */
    static int pixelColumns(int outChannelsPerGroup) {
        return outChannelsPerGroup <= 2 ? 1 : 4;
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
