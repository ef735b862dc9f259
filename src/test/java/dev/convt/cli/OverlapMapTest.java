package dev.convt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convt.ConvTranspose2d;
import dev.convt.ConvTransposeProblem;
import dev.convt.reference.ZeroInterpolationReference;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OverlapMapTest {
    private static final OverlapMap[] COMPARISON = OverlapMap.checkerboardComparison();

    @Test
    void kernel4Stride2GivesEveryInteriorPixelFourContributions() {
        OverlapMap k4 = COMPARISON[1];
        assertEquals("K4 S2 P1", k4.label());
        int[][] counts = k4.counts();
        assertEquals(16, counts.length);
        int last = counts.length - 1;
        for (int r = 0; r <= last; r++) {
            for (int c = 0; c <= last; c++) {
                boolean rowEdge = r == 0 || r == last;
                boolean columnEdge = c == 0 || c == last;
                // per axis: 2 contributions inside, 1 on the edge; the 2-D count is the product
                int expected = (rowEdge ? 1 : 2) * (columnEdge ? 1 : 2);
                assertEquals(expected, counts[r][c], "at " + r + "," + c);
            }
        }
    }

    @Test
    void kernel3Stride2AlternatesOneTwoAndFour() {
        OverlapMap k3 = COMPARISON[0];
        assertEquals("K3 S2 P1 OP1", k3.label());
        int[][] counts = k3.counts();
        assertEquals(16, counts.length);
        // per axis: output o = 2i - 1 + k (k = 0..2); odd o is reached by k = 0 and k = 2 (two input
        // pixels), even o by k = 1 only; the last odd row has no pixel i = 8 for its k = 0.
        int[] perAxis = new int[16];
        for (int o = 0; o < 16; o++) {
            perAxis[o] = o % 2 == 1 && o != 15 ? 2 : 1;
        }
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                assertEquals(perAxis[r] * perAxis[c], counts[r][c], "at " + r + "," + c);
            }
        }
        assertEquals(4, counts[1][1]);
        assertEquals(2, counts[1][2]);
        assertEquals(1, counts[2][2]);
    }

    @Test
    void countsEqualTheReferenceOnAllOnes() {
        ConvTranspose2d[] cases = {
            ConvTranspose2d.builder(1, 1, 3).stride(2).padding(1).outputPadding(1).bias(false).build(),
            ConvTranspose2d.builder(1, 1, 4).stride(2).padding(1).bias(false).build(),
            ConvTranspose2d.builder(1, 1, 5, 2).stride(3, 2).padding(0, 1, 2, 0).dilation(2, 1).bias(false).build(),
            ConvTranspose2d.builder(1, 1, 2).stride(4).bias(false).build(),
        };
        for (ConvTranspose2d convolution : cases) {
            OverlapMap map = OverlapMap.of(convolution, 6);
            ConvTransposeProblem problem = convolution.resolve(1, 1, 6, 6);
            double[] ones = new double[36];
            Arrays.fill(ones, 1);
            double[] weights = new double[problem.height().kernel() * problem.width().kernel()];
            Arrays.fill(weights, 1);
            double[] expected = ZeroInterpolationReference.forward(problem, ones, weights, null);
            int columns = problem.width().output();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], map.counts()[i / columns][i % columns], convolution + " at " + i);
            }
        }
    }

    @Test
    void maxIsTheLargestCount() {
        assertEquals(4, COMPARISON[0].max());
        assertEquals(4, COMPARISON[1].max());
    }
}
