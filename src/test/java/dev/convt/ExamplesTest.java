package dev.convt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.reference.DirectScatterReference;
import dev.convt.reference.ZeroInterpolationReference;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Small cases worked out by hand, run through the engine (float32 and float64) and both references. */
class ExamplesTest {

    /**
     * A 3x3 input of ones, a 3x3 kernel of ones, stride 2, padding 1 gives a 5x5 output
     * ((3-1)*2 - 1 - 1 + (3-1) + 1 = 5). By the three steps: inserting one zero between
     * neighbours makes the 5x5 grid with ones at rows and columns 0, 2, 4; padding by
     * (3-1) - 1 = 1 on each side makes it 7x7; output (r, c) sums the 3x3 window over rows
     * r-1..r+1 and columns c-1..c+1 of the 5x5 grid. Rows 0, 2, 4 of that window range hold
     * one row of ones (0 / 2 / 4), rows 1 and 3 hold two (0,2 / 2,4); the same for columns.
     * So the output is the outer product of (1 2 1 2 1) with itself.
     */
    @Test
    void threeByThreeWithK3S2P1GivesTheOverlapCounts() {
        double[] expected = {
            1, 2, 1, 2, 1,
            2, 4, 2, 4, 2,
            1, 2, 1, 2, 1,
            2, 4, 2, 4, 2,
            1, 2, 1, 2, 1,
        };
        ConvTranspose2d conv = ConvTranspose2d.builder(1, 1, 3).stride(2).padding(1).bias(false).build();
        assertComputes(conv, ones(9), new int[] {1, 1, 3, 3}, ones(9), null, expected, new int[] {1, 1, 5, 5});
    }

    /**
     * With stride equal to the kernel, every input pixel stamps its own copy of the kernel, scaled,
     * onto a separate 2x2 block; the kernel appears as it is (the flip of step 3 undoes the
     * reversal of the scatter), and the bias 0.5 is added everywhere.
     */
    @Test
    void strideEqualToTheKernelStampsScaledCopiesOfTheKernel() {
        double[] x = {1, 2, 3, 4};
        double[] w = {1, 10, 100, 1000};
        double[] expected = {
            1.5, 10.5, 2.5, 20.5,
            100.5, 1000.5, 200.5, 2000.5,
            3.5, 30.5, 4.5, 40.5,
            300.5, 3000.5, 400.5, 4000.5,
        };
        ConvTranspose2d conv = ConvTranspose2d.builder(1, 1, 2).stride(2).build();
        assertComputes(conv, x, new int[] {1, 1, 2, 2}, w, new double[] {0.5}, expected, new int[] {1, 1, 4, 4});
    }

    /**
     * The DCGAN generator (Radford et al.): 100-dim noise as a 1x1 image, K4 S1 P0 to 4x4x1024,
     * then K4 S2 P1 doubles the size while halving the channels, down to a 64x64 RGB image.
     */
    @Test
    void dcganGeneratorShapes() {
        int[] shape = {64, 100, 1, 1};
        shape = ConvTranspose2d.builder(100, 1024, 4).stride(1).padding(0).build().outputShape(shape);
        assertArrayEquals(new int[] {64, 1024, 4, 4}, shape);
        int[][] layers = {{1024, 512, 8}, {512, 256, 16}, {256, 128, 32}, {128, 3, 64}};
        for (int[] layer : layers) {
            shape = ConvTranspose2d.builder(layer[0], layer[1], 4).stride(2).padding(1).build().outputShape(shape);
            assertArrayEquals(new int[] {64, layer[1], layer[2], layer[2]}, shape);
        }
    }

    /**
     * ONNX output_shape larger than the natural output: input 0..8 (3x3), two output channels with
     * 3x3 kernels of ones, strides (3, 2), output_shape (10, 8). Naturally the output is 9x7
     * ((3-1)*3 + 3 and (3-1)*2 + 3); the generated total padding is -1 per axis, put at the end
     * (begin 0, end -1), which adds one row and one column that nothing reaches.
     * Rows: stride 3 with kernel 3 gives every input row three output rows of its own.
     * Columns: input columns land on 0-2, 2-4, 4-6, overlapping at 2 and 4; so an input row
     * (a, b, c) becomes (a, a, a+b, b, b+c, c, c, 0).
     */
    @Test
    void onnxOutputShapeGeneratesPadsAtTheEnd() {
        double[] row0 = {0, 0, 1, 1, 3, 2, 2, 0};
        double[] row1 = {3, 3, 7, 4, 9, 5, 5, 0};
        double[] row2 = {6, 6, 13, 7, 15, 8, 8, 0};
        double[] channel = concat(row0, row0, row0, row1, row1, row1, row2, row2, row2, new double[8]);
        ConvTranspose2d conv = ConvTranspose2d.builder(1, 2, 3).stride(3, 2).outputShape(10, 8).bias(false).build();
        ConvTransposeProblem problem = conv.resolve(1, 1, 3, 3);
        assertEquals(0, problem.height().padBegin());
        assertEquals(-1, problem.height().padEnd());
        assertEquals(-1, problem.width().padEnd());
        assertComputes(conv, new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, new int[] {1, 1, 3, 3}, ones(18), null,
                concat(channel, channel), new int[] {1, 2, 10, 8});
    }

    /**
     * auto_pad on a 3x3 input with K3 S2: VALID keeps the natural 7x7 output; SAME_UPPER and
     * SAME_LOWER make it input*stride = 6x6 by padding 1 in total, at the end (UPPER) or at the
     * beginning (LOWER), so they are the VALID output without its last or first row and column.
     */
    @Test
    void onnxAutoPadCropsTheValidOutput() {
        double[] x = {1, -2, 3, 0.5, 4, -1, 2, 2, -3};
        double[] w = {1, 2, 0, -1, 3, 1, 0.5, -2, 1};
        int[] inputShape = {1, 1, 3, 3};
        ConvTranspose2d valid = ConvTranspose2d.builder(1, 1, 3).stride(2).autoPad(AutoPad.VALID).bias(false).build();
        double[] full = forward(valid, DType.FLOAT64, x, inputShape, w, null);
        assertArrayEquals(new int[] {1, 1, 7, 7}, valid.outputShape(inputShape));

        ConvTranspose2d upper = ConvTranspose2d.builder(1, 1, 3).stride(2).autoPad(AutoPad.SAME_UPPER).bias(false).build();
        ConvTransposeProblem upperProblem = upper.resolve(inputShape);
        assertEquals(0, upperProblem.height().padBegin());
        assertEquals(1, upperProblem.height().padEnd());
        assertComputes(upper, x, inputShape, w, null, crop(full, 7, 0), new int[] {1, 1, 6, 6});

        ConvTranspose2d lower = ConvTranspose2d.builder(1, 1, 3).stride(2).autoPad(AutoPad.SAME_LOWER).bias(false).build();
        ConvTransposeProblem lowerProblem = lower.resolve(inputShape);
        assertEquals(1, lowerProblem.width().padBegin());
        assertEquals(0, lowerProblem.width().padEnd());
        assertComputes(lower, x, inputShape, w, null, crop(full, 7, 1), new int[] {1, 1, 6, 6});
    }

    /**
     * ONNX's own backend case for auto_pad: x = 0..8 on 3x3, a 1x2x3x3 kernel of ones, stride 2,
     * SAME_UPPER. The output is input*stride = 6x6; total padding is (3-1) + 1 - 2 = 1, which
     * SAME_UPPER puts at the end, so output (r, c) sums x over the input pixels whose 3x3 footprint
     * (rows 2i..2i+2, columns 2j..2j+2) covers it. Row 0 sees only input row 0: 0 0 1 1 3 2.
     */
    @Test
    void onnxAutoPadSameUpperMatchesTheOnnxBackendCase() {
        double[] row = {
            0, 0, 1, 1, 3, 2,
            0, 0, 1, 1, 3, 2,
            3, 3, 8, 5, 12, 7,
            3, 3, 7, 4, 9, 5,
            9, 9, 20, 11, 24, 13,
            6, 6, 13, 7, 15, 8,
        };
        double[] expected = concat(row, row);
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        ConvTranspose2d conv = ConvTranspose2d.builder(1, 2, 3).stride(2).autoPad(AutoPad.SAME_UPPER).bias(false).build();
        assertComputes(conv, x, new int[] {1, 1, 3, 3}, ones(18), null, expected, new int[] {1, 2, 6, 6});
    }

    /**
     * PyTorch output_size: with 3x3 input, K3 S2 P1 the output can be 5 (output_padding 0) or 6
     * (output_padding 1) per axis; asking for 6x5 picks (1, 0); 7 is out of reach.
     */
    @Test
    void pytorchOutputSizePicksTheOutputPadding() {
        ConvTranspose2d conv = ConvTranspose2d.builder(1, 1, 3).stride(2).padding(1).outputSize(6, 5).build();
        ConvTransposeProblem problem = conv.resolve(1, 1, 3, 3);
        assertEquals(1, problem.height().outputPadding());
        assertEquals(0, problem.width().outputPadding());
        assertArrayEquals(new int[] {1, 1, 6, 5}, problem.outputShape());

        InvalidParameterException tooLarge = assertThrows(InvalidParameterException.class,
                () -> ConvTranspose2d.builder(1, 1, 3).stride(2).padding(1).outputSize(7, 5).build().resolve(1, 1, 3, 3));
        assertEquals("output_size_h", tooLarge.parameter());
        assertEquals("7", tooLarge.value());
        assertTrue(tooLarge.rule().contains("from 5 to 6"), tooLarge.getMessage());
        InvalidParameterException tooSmall = assertThrows(InvalidParameterException.class,
                () -> ConvTranspose2d.builder(1, 1, 3).stride(2).padding(1).outputSize(6, 4).build().resolve(1, 1, 3, 3));
        assertEquals("output_size_w", tooSmall.parameter());
    }

    /** Checks the engine in both dtypes and both references against the hand-computed values. */
    private static void assertComputes(ConvTranspose2d conv, double[] x, int[] inputShape, double[] w, double[] bias,
                                       double[] expected, int[] outputShape) {
        assertArrayEquals(outputShape, conv.outputShape(inputShape));
        ConvTransposeProblem problem = conv.resolve(inputShape);
        assertArrayEquals(expected, ZeroInterpolationReference.forward(problem, x, w, bias), "zero interpolation");
        assertArrayEquals(expected, DirectScatterReference.forward(problem, x, w, bias), "direct scatter");
        for (DType dtype : DType.values()) {
            // every value here is a small integer or half-integer sum: exact in both dtypes
            assertArrayEquals(expected, forward(conv, dtype, x, inputShape, w, bias), "engine, " + dtype);
        }
    }

    private static double[] forward(ConvTranspose2d conv, DType dtype, double[] x, int[] inputShape, double[] w, double[] bias) {
        Tensor output = conv.forward(Tensor.fromDoubles(dtype, x, inputShape), Tensor.fromDoubles(dtype, w, conv.weightShape()),
                bias == null ? null : Tensor.fromDoubles(dtype, bias, bias.length));
        return output.toDoubleArray();
    }

    private static double[] ones(int count) {
        double[] ones = new double[count];
        Arrays.fill(ones, 1);
        return ones;
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }

    /** The (size-1) x (size-1) window of a size x size plane starting at (offset, offset). */
    private static double[] crop(double[] plane, int size, int offset) {
        double[] cropped = new double[(size - 1) * (size - 1)];
        for (int r = 0; r < size - 1; r++) {
            System.arraycopy(plane, (r + offset) * size + offset, cropped, r * (size - 1), size - 1);
        }
        return cropped;
    }
}
