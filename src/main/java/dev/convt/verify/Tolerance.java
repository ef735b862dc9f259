package dev.convt.verify;

import dev.convt.ConvTransposeProblem;
import dev.convt.DType;
import dev.convt.reference.ZeroInterpolationReference;
import java.util.Arrays;

/**
 * How far a computed transposed convolution may be from the reference.
 *
 * <p>Why this bound: an output element is {@code bias + sum of n products x*w}, with {@code n} at
 * most {@code Cin/G * kh * kw}. Floating-point summation in any order or blocking, with unit
 * roundoff {@code u}, is within {@code gamma(m) * (sum |x*w| + |bias|)} of the exact value, where
 * {@code m} is the number of roundings on the longest path to the result and
 * {@code gamma(m) = m*u / (1 - m*u)} (Higham, <i>Accuracy and Stability of Numerical
 * Algorithms</i>, ch. 3-4). The engine rounds {@code n + 1} times: one per fused multiply-add, in
 * whatever order its kernels accumulate, and one for the bias. The float64 references round
 * {@code 2n + 1} times: products and additions separately (Java does not contract them), plus
 * the bias. Both are within their bound of the exact value, so they are within the sum of the two
 * bounds of each other. Since the inputs are exact in the engine's dtype, that is the whole
 * story; the sum of absolute values comes from running the reference on {@code |x|, |w|, |bias|}.
 * For float32, {@code n = 1000} allows a relative error of about 6e-5 of that sum, while dropping
 * or doubling one product typically moves an element by a thousandth of it. Where nothing
 * contributes the bound is exactly zero, so an unreached output cell must hold exactly the bias.
 */
public final class Tolerance {
    private static final double FLOAT64_ROUNDOFF = 0x1p-53;

    private Tolerance() {
    }

    /** Unit roundoff: half the distance from 1 to the next representable number. */
    public static double unitRoundoff(DType dtype) {
        return dtype == DType.FLOAT32 ? 0x1p-24 : FLOAT64_ROUNDOFF;
    }

    /** {@code gamma(m) = m*u / (1 - m*u)}; infinite once {@code m*u >= 1}, where nothing can be promised. */
    public static double gamma(long roundings, double unitRoundoff) {
        double mu = roundings * unitRoundoff;
        return mu < 1 ? mu / (1 - mu) : Double.POSITIVE_INFINITY;
    }

    /**
     * The largest acceptable difference, per unit of {@code sum |x*w| + |bias|}, between the
     * engine computing a sum of {@code terms} products in {@code dtype} and a float64 reference.
     */
    public static double engineVersusReference(long terms, DType dtype) {
        return gamma(terms + 1, unitRoundoff(dtype)) + referenceError(terms);
    }

    /**
     * The same for the {@code WINOGRAD} and {@code WINOGRAD_PHASES} paths, per unit of
     * {@link #winogradAbsoluteSums}. Their chains of fused multiply-adds run over kernel rows x
     * input channels, a third of {@code terms} (the direct sum's products, three kernel columns) on
     * {@code WINOGRAD} and at most half of it on {@code WINOGRAD_PHASES} (two of the kernel
     * columns of each phase); around them they round up to twice per transformed weight (additions
     * in float64, then to the dtype), once per transformed input, twice in the output transform
     * and once for the bias, which {@code terms + 5} roundings cover for every reduction of at
     * least one product.
     */
    public static double winogradVersusReference(long terms, DType dtype) {
        return engineVersusReference(terms + 4, dtype);
    }

    /**
     * What the {@code WINOGRAD} and {@code WINOGRAD_PHASES} paths' errors scale with, per output
     * element. They do not add the products {@code x*w} but products of sums and differences of
     * inputs and of weights ({@code (d1 + d2)(g0 + g1 + g2)/2}, {@code d1 (g0 + g1)} and the like),
     * whose absolute values add up, for each input channel and kernel row, to at most twice (|x|
     * summed over the element's input columns: three, or the phase's two) times (|w| summed over
     * the kernel row's columns: three, or the two of the phase, which the whole row of {@code 2S}
     * bounds, loosely); that, plus {@code |bias|}. It is at least {@link #absoluteSums}, so it is
     * zero only where that is.
     */
    public static double[] winogradAbsoluteSums(ConvTransposeProblem problem, ConvCase.Data data) {
        double[] w = absolute(data.w());
        int kernelWidth = problem.width().kernel();
        double[] rowSums = new double[w.length];
        for (int row = 0; row < w.length; row += kernelWidth) {
            double sum = 0;
            for (int kw = 0; kw < kernelWidth; kw++) {
                sum += w[row + kw];
            }
            Arrays.fill(rowSums, row, row + kernelWidth, 2 * sum);
        }
        return ZeroInterpolationReference.forward(problem, absolute(data.x()), rowSums, absolute(data.b()));
    }

    /** The same between two float64 references (each rounds products and sums separately). */
    public static double referenceVersusReference(long terms) {
        return 2 * referenceError(terms);
    }

    private static double referenceError(long terms) {
        return gamma(2 * terms + 1, FLOAT64_ROUNDOFF);
    }

    /**
     * Per output element, {@code sum |x*w| + |bias|}: the reference run on the absolute values of
     * the case's data.
     */
    public static double[] absoluteSums(ConvTransposeProblem problem, ConvCase.Data data) {
        return ZeroInterpolationReference.forward(problem, absolute(data.x()), absolute(data.w()), absolute(data.b()));
    }

    /** The element-wise absolute values; {@code null} for {@code null} (a missing bias). */
    public static double[] absolute(double[] values) {
        if (values == null) {
            return null;
        }
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Math.abs(values[i]);
        }
        return result;
    }

    /**
     * The worst ratio {@code |actual - expected| / (relativeBound * absoluteSum)} over all
     * elements; 0 when everything matches exactly, infinite where an element differs although the
     * bound is zero (nothing contributes there) or is NaN.
     */
    public static Comparison compare(double[] actual, double[] expected, double[] absoluteSums, double relativeBound) {
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(actual[i] - expected[i]);
            if (error == 0) {
                continue;
            }
            double ratio = Double.isNaN(error) ? Double.POSITIVE_INFINITY : error / (relativeBound * absoluteSums[i]);
            if (worstIndex < 0 || ratio > worst) {
                worst = ratio;
                worstIndex = i;
            }
        }
        return new Comparison(worst, worstIndex);
    }

    /**
     * @param worstRatio the largest error as a multiple of its bound; at most 1 passes
     * @param worstIndex the flat index where it occurs, or -1 when every element matched exactly
     */
    public record Comparison(double worstRatio, int worstIndex) {
        public boolean withinBound() {
            return worstRatio <= 1;
        }
    }
}
