package dev.convt.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.ConvTransposeProblem;
import dev.convt.Tensor;
import dev.convt.verify.ConvCase;
import dev.convt.verify.ConvCases;
import dev.convt.verify.Tolerance;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The oracles checked against each other and against the algebra of convolution, on the engine's cases. */
class ReferenceProperties {

    @Provide
    Arbitrary<ConvCase> cases() {
        return ConvCases.cases();
    }

    @Property
    void zeroInterpolationEqualsDirectScatter(@ForAll("cases") ConvCase c) {
        ConvCase.Data data = c.data();
        ConvTransposeProblem problem = c.problem();
        double[] interpolated = ZeroInterpolationReference.forward(problem, data.x(), data.w(), data.b());
        double[] scattered = DirectScatterReference.forward(problem, data.x(), data.w(), data.b());
        Tolerance.Comparison comparison = Tolerance.compare(scattered, interpolated, Tolerance.absoluteSums(problem, data),
                Tolerance.referenceVersusReference(c.reductionLength()));

        assertTrue(comparison.withinBound(), () -> "direct scatter differs from zero interpolation at flat index "
                + comparison.worstIndex() + " by " + comparison.worstRatio() + " times the tolerance");
    }

    /**
     * Without bias the transposed convolution is the adjoint of the convolution with the same
     * weights and parameters: {@code <convT(x), y> == <x, conv(y)>} for every x and y. Both sides
     * add the same products x*w*y in different orders.
     */
    @Property
    void transposedConvolutionIsTheAdjointOfConvolution(@ForAll("cases") ConvCase withBias) {
        ConvCase c = withBias.withoutBias();
        ConvTransposeProblem problem = c.problem();
        ConvCase.Data data = c.data();
        double[] y = values(new SplittableRandom(c.dataSeed() + 1), product(problem.outputShape()));

        double left = dot(ZeroInterpolationReference.forward(problem, data.x(), data.w(), null), y);
        double right = dot(data.x(), Conv2dReference.forward(problem, y, data.w()));

        // every product x*w*y appears once on each side; a generous count of the roundings on its way
        double absoluteSum = dot(Tolerance.absoluteSums(problem, data), Tolerance.absolute(y));
        long products = (long) product(problem.inputShape()) * (c.outChannels() / c.groups()) * c.kernelH() * c.kernelW();
        double allowed = Tolerance.referenceVersusReference(products + product(problem.outputShape())) * absoluteSum;
        assertEquals(left, right, allowed, () -> c + ": <convT(x), y> = " + left + " but <x, conv(y)> = " + right);
    }

    /**
     * A convolution with the same kernel, stride, dilation and pads maps the transposed output size
     * back to the input size: {@code floor(((in-1)*stride + output_padding) / stride) + 1}, which is
     * the input size exactly when output_padding < stride (output_padding can reach up to dilation - 1).
     */
    @Property
    void convolutionMapsTheOutputSizeBackToTheInputSize(@ForAll("cases") ConvCase c) {
        long h = Conv2dReference.outputSize(c.outputH(), c.kernelH(), c.strideH(), c.dilationH(), c.padTop(), c.padBottom());
        long w = Conv2dReference.outputSize(c.outputW(), c.kernelW(), c.strideW(), c.dilationW(), c.padLeft(), c.padRight());
        assertEquals(c.inputH() + c.outputPaddingH() / c.strideH(), h, c::toString);
        assertEquals(c.inputW() + c.outputPaddingW() / c.strideW(), w, c::toString);
        if (c.outputPaddingH() < c.strideH() && c.outputPaddingW() < c.strideW()) {
            assertEquals(c.inputH(), h);
            assertEquals(c.inputW(), w);
        }
    }

    private static int product(int[] shape) {
        return (int) Tensor.elementCount("shape", shape);
    }

    private static double[] values(SplittableRandom random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextDouble(-1, 1);
        }
        return values;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
