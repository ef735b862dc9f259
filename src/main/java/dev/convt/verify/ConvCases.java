package dev.convt.verify;

import dev.convt.Axis;
import dev.convt.DType;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The one definition of the transposed-convolution cases that the property tests and
 * {@code convt verify} run: jqwik arbitraries of {@link ConvCase}.
 *
 * <p>Every axis is drawn independently (input size, kernel, stride 1..5, dilation 1..3, pads
 * before and after, output padding), as are groups, channels per group, batch, bias, dtype and
 * the data seed. Cases are valid by construction rather than by filtering: output padding is
 * clamped below {@code max(stride, dilation)} and the pads are clamped so that the output keeps
 * at least one row and column. That clamping is monotone, so shrinking a raw value towards its
 * minimum also shrinks the case, and failures shrink towards batch 1, one channel, 1x1 inputs and
 * kernels, stride and dilation 1, no padding. The only filter drops cases whose reference work
 * exceeds {@link CaseSpace#maxWork()}.
 *
 * <p>Use from a property class as {@code @Provide Arbitrary<ConvCase> cases() { return ConvCases.cases(); }}.
 */
public final class ConvCases {
    static final int MAX_STRIDE = 5;
    static final int MAX_DILATION = 3;
    /** Output padding is drawn up to this and then clamped below max(stride, dilation). */
    static final int MAX_OUTPUT_PADDING = MAX_STRIDE - 1;

    private ConvCases() {
    }

    /** Cases in the {@link CaseSpace#current() current} space. */
    public static Arbitrary<ConvCase> cases() {
        return cases(CaseSpace.current());
    }

    public static Arbitrary<ConvCase> cases(CaseSpace space) {
        return cases(space, axes(space), axes(space));
    }

    /**
     * Cases the {@code WINOGRAD} path runs, which {@link #cases()} seldom draws: stride 1 along
     * both axes and a kernel 3 wide with dilation 1 along the width; everything else as there.
     */
    public static Arbitrary<ConvCase> winogradCases() {
        CaseSpace space = CaseSpace.current();
        Arbitrary<Integer> one = Arbitraries.just(1);
        return cases(space, axes(space, Arbitraries.integers().between(1, space.maxKernel()), one, mostly(1, 1, MAX_DILATION)),
                axes(space, Arbitraries.just(3), one, one));
    }

    /**
     * Cases the {@code WINOGRAD_PHASES} path runs, which {@link #cases()} seldom draws: a kernel
     * twice the stride (stride 1..5) with dilation 1 along the width; everything else as there.
     */
    public static Arbitrary<ConvCase> winogradPhasesCases() {
        CaseSpace space = CaseSpace.current();
        return cases(space, axes(space), kernelTwiceTheStride(space));
    }

    private static Arbitrary<AxisChoice> kernelTwiceTheStride(CaseSpace space) {
        int maxPad = 3 * 2 * MAX_STRIDE;
        return Combinators.combine(
                        Arbitraries.integers().between(1, space.maxSize()),
                        Arbitraries.integers().between(1, MAX_STRIDE),
                        mostly(0, 2, maxPad),
                        mostly(0, 2, maxPad),
                        mostly(0, 0, MAX_OUTPUT_PADDING))
                .as((input, stride, begin, end, op) -> AxisChoice.clamp(input, 2 * stride, stride, 1, begin, end, op));
    }

    private static Arbitrary<ConvCase> cases(CaseSpace space, Arbitrary<AxisChoice> heights, Arbitrary<AxisChoice> widths) {
        Arbitrary<DType> dtype = space.dtype() == null
                ? Arbitraries.of(DType.FLOAT32, DType.FLOAT64)
                : Arbitraries.just(space.dtype());
        return Combinators.combine(
                        heights, widths, channels(space),
                        Arbitraries.integers().between(1, space.maxBatch()),
                        Arbitraries.of(false, true),
                        dtype,
                        // seeds have no edge cases worth mixing in: 0 is no more special than 7
                        Arbitraries.longs().between(0, 999_999).withoutEdgeCases())
                .as((h, w, c, batch, bias, type, seed) -> new ConvCase(batch, c.groups * c.inPerGroup,
                        c.groups * c.outPerGroup, c.groups, h.input, w.input, h.kernel, w.kernel,
                        h.stride, w.stride, h.dilation, w.dilation, h.padBegin, w.padBegin, h.padEnd, w.padEnd,
                        h.outputPadding, w.outputPadding, bias, type, seed))
                .filter(c -> c.referenceWork() <= space.maxWork());
    }

    /** The geometry of one spatial axis, valid by construction. */
    record AxisChoice(int input, int kernel, int stride, int dilation, int padBegin, int padEnd, int outputPadding) {

        /**
         * Clamps drawn values into a valid axis: output padding below max(stride, dilation)
         * (PyTorch's rule), pads together at most what leaves an output of size 1.
         */
        static AxisChoice clamp(int input, int kernel, int stride, int dilation, int padBegin, int padEnd, int outputPadding) {
            int op = Math.min(outputPadding, Math.max(stride, dilation) - 1);
            int unpaddedOutput = (int) Axis.outputSize(input, kernel, stride, dilation, 0, 0, op);
            int begin = Math.min(padBegin, unpaddedOutput - 1);
            int end = Math.min(padEnd, unpaddedOutput - 1 - begin);
            return new AxisChoice(input, kernel, stride, dilation, begin, end, op);
        }
    }

    /**
     * One axis: input 1..maxSize, kernel 1..maxKernel (so kernels larger than the input occur),
     * stride 1..5, dilation 1..3, output padding, and pads up to three kernels wide (beyond the
     * kernel's reach, which crops real output); the usual small values are the most frequent.
     */
    static Arbitrary<AxisChoice> axes(CaseSpace space) {
        return axes(space, Arbitraries.integers().between(1, space.maxKernel()), Arbitraries.integers().between(1, MAX_STRIDE),
                mostly(1, 1, MAX_DILATION));
    }

    private static Arbitrary<AxisChoice> axes(CaseSpace space, Arbitrary<Integer> kernels, Arbitrary<Integer> strides,
                                              Arbitrary<Integer> dilations) {
        int maxPad = 3 * space.maxKernel();
        return Combinators.combine(
                        Arbitraries.integers().between(1, space.maxSize()),
                        kernels,
                        strides,
                        dilations,
                        mostly(0, 2, maxPad),
                        mostly(0, 2, maxPad),
                        mostly(0, 0, MAX_OUTPUT_PADDING))
                .as(AxisChoice::clamp);
    }

    /** Groups and channels per group; totals stay within {@link CaseSpace#maxChannels()}. */
    record ChannelChoice(int groups, int inPerGroup, int outPerGroup) {

        static ChannelChoice clamp(int groups, int inPerGroup, int outPerGroup, CaseSpace space) {
            int room = Math.max(1, space.maxChannels() / groups);
            int in = space.depthwiseOnly() ? 1 : Math.min(inPerGroup, room);
            return new ChannelChoice(groups, in, Math.min(outPerGroup, room));
        }
    }

    /**
     * Groups: mostly 1 (2 when only grouped or depthwise cases are wanted), else up to
     * maxChannels, so that depthwise cases (one channel per group) come up. Channels per group: any count, mostly
     * up to 16 and rarely a multiple of the vector lanes, sometimes exact multiples of 8.
     */
    static Arbitrary<ChannelChoice> channels(CaseSpace space) {
        int fewestGroups = space.groupedOnly() || space.depthwiseOnly() ? 2 : 1;
        Arbitrary<Integer> groups = mostly(fewestGroups, fewestGroups, Math.max(fewestGroups, space.maxChannels()));
        return Combinators.combine(groups, channelCount(space), channelCount(space))
                .as((g, in, out) -> ChannelChoice.clamp(g, in, out, space));
    }

    private static Arbitrary<Integer> channelCount(CaseSpace space) {
        Arbitrary<Integer> any = mostly(1, Math.min(16, space.maxChannels()), space.maxChannels());
        List<Integer> multiplesOf8 = IntStream.iterate(8, c -> c <= space.maxChannels(), c -> c + 8).boxed().toList();
        if (multiplesOf8.isEmpty()) {
            return any;
        }
        return Arbitraries.frequencyOf(Tuple.of(5, any), Tuple.of(1, Arbitraries.of(multiplesOf8)));
    }

    /**
     * Integers in [min, max], drawn three times in four from [min, usualMax]: the usual values
     * dominate, the rest of the range still comes up regularly, and both shrink towards {@code min}.
     */
    static Arbitrary<Integer> mostly(int min, int usualMax, int max) {
        Arbitrary<Integer> usual = usualMax == min ? Arbitraries.just(min) : Arbitraries.integers().between(min, usualMax);
        return Arbitraries.frequencyOf(Tuple.of(3, usual), Tuple.of(1, Arbitraries.integers().between(min, max)));
    }
}
