package dev.convt;

/**
 * One fully resolved transposed convolution: the parameters of a {@link ConvTranspose2d} applied
 * to a concrete input shape. This is what the references and the engine compute from.
 */
public record ConvTransposeProblem(int batch, int inChannels, int outChannels, int groups,
                                   Axis height, Axis width, boolean hasBias) {

    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    public int[] inputShape() {
        return new int[] {batch, inChannels, height.input(), width.input()};
    }

    public int[] outputShape() {
        return new int[] {batch, outChannels, height.output(), width.output()};
    }

    public int[] weightShape() {
        return new int[] {inChannels, outChannelsPerGroup(), height.kernel(), width.kernel()};
    }

    /**
     * Where weight (input channel {@code ci}, output channel {@code co} of that input channel's
     * group, kernel row {@code kh}, kernel column {@code kw}) is in the flat {@link #weightShape()} tensor.
     */
    public int weightIndex(int ci, int co, int kh, int kw) {
        return ((ci * outChannelsPerGroup() + co) * height.kernel() + kh) * width.kernel() + kw;
    }

    /**
     * Floating-point operations of the useful work: one multiply and one add per input pixel,
     * input channel, output channel of its group and kernel tap (zeros inserted by the stride and
     * taps that land in the padding are counted, as every library counts them).
     */
    public double flops() {
        return 2.0 * batch * inChannels * height.input() * width.input()
                * outChannelsPerGroup() * height.kernel() * width.kernel();
    }

    public String describeShape() {
        return String.format("N=%d Cin=%d %dx%d -> Cout=%d %dx%d, K=%dx%d S=%dx%d D=%dx%d pads(t,l,b,r)=%d,%d,%d,%d op=%d,%d G=%d",
                batch, inChannels, height.input(), width.input(), outChannels, height.output(), width.output(),
                height.kernel(), width.kernel(), height.stride(), width.stride(), height.dilation(), width.dilation(),
                height.padBegin(), width.padBegin(), height.padEnd(), width.padEnd(),
                height.outputPadding(), width.outputPadding(), groups);
    }
}
