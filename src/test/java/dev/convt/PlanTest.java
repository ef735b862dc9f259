package dev.convt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.PlanOptions.KernelChoice;
import dev.convt.reference.ZeroInterpolationReference;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plan's life cycle: reuse, in-place output, the kernel path it reports, closing. */
class PlanTest {
    private final Random random = new Random(3);

    private float[] randomFloats(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return values;
    }

    @Test
    void executeOverwritesEveryOutputElementAndCanBeRepeated() {
        ConvTranspose2d conv = ConvTranspose2d.builder(6, 20, 4).stride(2).padding(1).build();
        int[] inputShape = {2, 6, 5, 5};
        Tensor weight = Tensor.of(randomFloats(6 * 20 * 16), conv.weightShape());
        Tensor bias = Tensor.of(randomFloats(20), 20);
        try (ConvTransposePlan plan = conv.plan(inputShape, weight, bias)) {
            Tensor output = Tensor.zeros(DType.FLOAT32, plan.outputShape());
            for (int run = 0; run < 2; run++) {
                Tensor input = Tensor.of(randomFloats(2 * 6 * 25), inputShape);
                Arrays.fill(output.floats(), Float.NaN);
                plan.execute(input, output);
                double[] expected = ZeroInterpolationReference.forward(plan.problem(), input.toDoubleArray(),
                        weight.toDoubleArray(), bias.toDoubleArray());
                double[] actual = output.toDoubleArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-5, "element " + i + ", run " + run);
                }
            }
        }
    }

    @Test
    void describeNamesTheKernelPathAndTheShape() {
        ConvTranspose2d depthwise = ConvTranspose2d.builder(4, 4, 16).stride(8).padding(4).groups(4).build();
        try (ConvTransposePlan plan = depthwise.plan(new int[] {1, 4, 6, 6}, Tensor.of(randomFloats(4 * 256), 4, 1, 16, 16),
                Tensor.of(randomFloats(4), 4))) {
            assertTrue(plan.describe().contains("DEPTHWISE_ROWS"), plan.describe());
            assertTrue(plan.describe().contains("Cin=4 6x6"), plan.describe());
        }
        // Two output channels take pixel vectors at every vector width (three do from 256 bits up),
        // at stride 1 (at stride 2, phase pairs where the phase columns fill the vectors).
        ConvTranspose2d twoChannels = ConvTranspose2d.builder(8, 2, 4).stride(1).padding(1).build();
        try (ConvTransposePlan plan = twoChannels.plan(new int[] {1, 8, 8, 8}, Tensor.of(randomFloats(8 * 2 * 16), 8, 2, 4, 4),
                Tensor.of(randomFloats(2), 2))) {
            assertTrue(plan.describe().contains("PIXEL_VECTORS"), plan.describe());
            assertEquals(KernelChoice.PIXEL_VECTORS, plan.kernel());
        }
        // WINOGRAD_PHASES for a 1-D K16 S8 layer from 256 into 128 channels with phase rows of 64
        // pairs (128 columns); channel vectors for the same layer 2-D, and from 128 channels.
        for (int[] cinHeightKernelAndWinograd : new int[][] {{256, 1, 1, 1}, {256, 2, 16, 0}, {128, 1, 1, 0}}) {
            int cin = cinHeightKernelAndWinograd[0];
            int kernelH = cinHeightKernelAndWinograd[2];
            ConvTranspose2d conv = ConvTranspose2d.builder(cin, 128, kernelH, 16).stride(kernelH == 1 ? 1 : 8, 8).padding(0, 4).build();
            try (ConvTransposePlan plan = conv.plan(new int[] {1, cin, cinHeightKernelAndWinograd[1], 128},
                    Tensor.of(randomFloats(cin * 128 * kernelH * 16), cin, 128, kernelH, 16), Tensor.of(randomFloats(128), 128))) {
                assertEquals(cinHeightKernelAndWinograd[3] == 1, plan.kernel() == KernelChoice.WINOGRAD_PHASES, plan.describe());
            }
        }
        // PHASE_PAIRS tiles: 3 channels where they waste less than their cost saves (6 channels), else 4 (8).
        for (int[] channelsAndTile : new int[][] {{6, 3}, {8, 4}}) {
            int cout = channelsAndTile[0];
            ConvTranspose2d conv = ConvTranspose2d.builder(8, cout, 4).stride(2).padding(1).build();
            try (ConvTransposePlan plan = conv.plan(new int[] {1, 8, 16, 16}, Tensor.of(randomFloats(8 * cout * 16), 8, cout, 4, 4),
                    Tensor.of(randomFloats(cout), cout), PlanOptions.defaults().withKernel(KernelChoice.PHASE_PAIRS))) {
                assertTrue(plan.describe().contains(" x " + channelsAndTile[1] + " channels"), plan.describe());
            }
        }
    }

    @Test
    void aClosedPlanRefusesToExecute() {
        ConvTranspose2d conv = ConvTranspose2d.builder(2, 2, 2).stride(2).bias(false).build();
        Tensor weight = Tensor.of(randomFloats(16), 2, 2, 2, 2);
        ConvTransposePlan plan = conv.plan(new int[] {1, 2, 3, 3}, weight, null);
        Tensor input = Tensor.of(randomFloats(18), 1, 2, 3, 3);
        float[] before = plan.execute(input).floats();
        plan.close();
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> plan.execute(input));
        assertTrue(failure.getMessage().contains("closed"), failure.getMessage());
        assertArrayEquals(before, conv.forward(input, weight, null).floats(), "one-shot forward is plan, execute, close");
    }
}
