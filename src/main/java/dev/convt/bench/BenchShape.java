package dev.convt.bench;

import dev.convt.ConvTranspose2d;
import dev.convt.ConvTransposeProblem;
import dev.convt.Tensor;
import java.util.SplittableRandom;

/**
 * One entry of a benchmark suite: a named transposed convolution (with bias, PyTorch padding
 * semantics) and the input it runs on. Per-axis values are (height, width).
 */
public record BenchShape(String name, int batch, int inChannels, int height, int width, int outChannels,
                         int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                         int outputPaddingH, int outputPaddingW, int dilationH, int dilationW, int groups) {

    public ConvTranspose2d convolution() {
        return ConvTranspose2d.builder(inChannels, outChannels, kernelH, kernelW)
                .stride(strideH, strideW)
                .padding(padH, padW)
                .outputPadding(outputPaddingH, outputPaddingW)
                .dilation(dilationH, dilationW)
                .groups(groups)
                .build();
    }

    public int[] inputShape() {
        return new int[] {batch, inChannels, height, width};
    }

    /** The resolved problem; fails with an {@code InvalidParameterException} when the shape is not a valid convolution. */
    public ConvTransposeProblem problem() {
        return convolution().resolve(inputShape());
    }

    /** 2 x N x Cin x H x W x Cout/G x kh x kw, the count every library's GFLOP/s figures use. */
    public double flops() {
        return problem().flops();
    }

    /**
     * Seeded float32 operands: input uniform in [-1, 1), weights scaled down by 10 so that outputs
     * stay of order one whatever the reduction length, bias uniform in [-1, 1).
     */
    public Operands randomOperands(long seed) {
        ConvTransposeProblem problem = problem();
        SplittableRandom random = new SplittableRandom(seed);
        int[] weightShape = problem.weightShape();
        return new Operands(
                Tensor.of(uniform(random, problem.inputShape(), 1f), problem.inputShape()),
                Tensor.of(uniform(random, weightShape, 0.1f), weightShape),
                Tensor.of(uniform(random, new int[] {outChannels}, 1f), outChannels));
    }

    private static float[] uniform(SplittableRandom random, int[] shape, float scale) {
        float[] values = new float[Math.toIntExact(Tensor.elementCount("shape", shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble(-1, 1) * scale);
        }
        return values;
    }

    /** Input, weight and bias for one shape. */
    public record Operands(Tensor input, Tensor weight, Tensor bias) {
    }
}
