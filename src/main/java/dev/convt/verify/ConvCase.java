package dev.convt.verify;

import dev.convt.Axis;
import dev.convt.ConvTranspose2d;
import dev.convt.ConvTransposeProblem;
import dev.convt.DType;
import dev.convt.Tensor;
import java.util.SplittableRandom;

/**
 * One complete, valid transposed-convolution case: every parameter the contract has, the input
 * size, the dtype and the seed its data comes from. It is what {@link ConvCases} generates, what a
 * failing property shrinks and reports, and what {@code convt verify} turns into files and a
 * {@code convt run} command line, so it carries everything needed to reproduce a failure.
 */
public record ConvCase(int batch, int inChannels, int outChannels, int groups,
                       int inputH, int inputW, int kernelH, int kernelW,
                       int strideH, int strideW, int dilationH, int dilationW,
                       int padTop, int padLeft, int padBottom, int padRight,
                       int outputPaddingH, int outputPaddingW,
                       boolean bias, DType dtype, long dataSeed) {

    /** The convolution these parameters describe (explicit pads, no auto_pad). */
    public ConvTranspose2d toConv() {
        return withoutPads().padding(padTop, padLeft, padBottom, padRight).build();
    }

    /** A builder with every parameter of this case but the pads (for ONNX auto_pad or output_shape). */
    public ConvTranspose2d.Builder withoutPads() {
        return ConvTranspose2d.builder(inChannels, outChannels, kernelH, kernelW)
                .stride(strideH, strideW)
                .dilation(dilationH, dilationW)
                .outputPadding(outputPaddingH, outputPaddingW)
                .groups(groups)
                .bias(bias);
    }

    /** The resolved problem: the convolution applied to this case's input shape. */
    public ConvTransposeProblem problem() {
        return toConv().resolve(inputShape());
    }

    public int[] inputShape() {
        return new int[] {batch, inChannels, inputH, inputW};
    }

    public int[] weightShape() {
        return new int[] {inChannels, outChannels / groups, kernelH, kernelW};
    }

    public int outputH() {
        return (int) Axis.outputSize(inputH, kernelH, strideH, dilationH, padTop, padBottom, outputPaddingH);
    }

    public int outputW() {
        return (int) Axis.outputSize(inputW, kernelW, strideW, dilationW, padLeft, padRight, outputPaddingW);
    }

    public int[] outputShape() {
        return new int[] {batch, outChannels, outputH(), outputW()};
    }

    /** The most products that add into one output element: {@code Cin/G * kh * kw}. */
    public int reductionLength() {
        return inChannels / groups * kernelH * kernelW;
    }

    /**
     * Multiply-adds the zero-interpolation reference performs (it multiplies the inserted zeros
     * too): what bounds how long a case takes to check.
     */
    public long referenceWork() {
        return (long) batch * inChannels * (outChannels / groups) * outputH() * outputW() * kernelH * kernelW;
    }

    /** The same case without bias (for the adjoint identity, which holds only for the linear part). */
    public ConvCase withoutBias() {
        return new ConvCase(batch, inChannels, outChannels, groups, inputH, inputW, kernelH, kernelW,
                strideH, strideW, dilationH, dilationW, padTop, padLeft, padBottom, padRight,
                outputPaddingH, outputPaddingW, false, dtype, dataSeed);
    }

    /** This case's data, deterministic in {@link #dataSeed}. */
    public Data data() {
        SplittableRandom random = new SplittableRandom(dataSeed);
        double[] x = values(random, batch * inChannels * inputH * inputW);
        double[] w = values(random, inChannels * (outChannels / groups) * kernelH * kernelW);
        double[] b = bias ? values(random, outChannels) : null;
        return new Data(x, w, b);
    }

    /**
     * Uniform in [-1, 1), already rounded to the dtype: the references then compute on exactly
     * the values the engine sees, so any difference is the engine's own rounding.
     */
    private double[] values(SplittableRandom random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            double value = random.nextDouble(-1, 1);
            values[i] = dtype == DType.FLOAT32 ? (float) value : value;
        }
        return values;
    }

    /**
     * The input, weight and (when the case has one) bias of a case, as flat float64 arrays
     * holding values exactly representable in the case's dtype.
     */
    public record Data(double[] x, double[] w, double[] b) {
    }

    /** {@link Data#x} as a tensor of this case's dtype and input shape. */
    public Tensor inputTensor(Data data) {
        return Tensor.fromDoubles(dtype, data.x(), inputShape());
    }

    /** {@link Data#w} as a tensor of this case's dtype and weight shape. */
    public Tensor weightTensor(Data data) {
        return Tensor.fromDoubles(dtype, data.w(), weightShape());
    }

    /** {@link Data#b} as a tensor, or {@code null} for a case without bias. */
    public Tensor biasTensor(Data data) {
        return data.b() == null ? null : Tensor.fromDoubles(dtype, data.b(), outChannels);
    }

    /**
     * Reads like the shape it describes, e.g.
     * {@code N=1 Cin=3 3x3 -> Cout=2 6x5 K=2x2 S=2x1 P=1,0,0,0 G=1 bias float32 seed=0};
     * dilation, pads, output padding and groups appear only when they differ from their defaults.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append("N=").append(batch).append(" Cin=").append(inChannels).append(' ')
                .append(inputH).append('x').append(inputW)
                .append(" -> Cout=").append(outChannels).append(' ').append(outputH()).append('x').append(outputW())
                .append(" K=").append(kernelH).append('x').append(kernelW)
                .append(" S=").append(strideH).append('x').append(strideW);
        if (dilationH != 1 || dilationW != 1) {
            text.append(" D=").append(dilationH).append('x').append(dilationW);
        }
        if (padTop != 0 || padLeft != 0 || padBottom != 0 || padRight != 0) {
            text.append(" P(t,l,b,r)=").append(padTop).append(',').append(padLeft).append(',')
                    .append(padBottom).append(',').append(padRight);
        }
        if (outputPaddingH != 0 || outputPaddingW != 0) {
            text.append(" OP=").append(outputPaddingH).append(',').append(outputPaddingW);
        }
        if (groups != 1) {
            text.append(" G=").append(groups);
        }
        text.append(bias ? " bias " : " no-bias ").append(dtype).append(" seed=").append(dataSeed);
        return text.toString();
    }
}
