package dev.convt.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.convt.ConvTransposePlan;
import dev.convt.DType;
import dev.convt.PlanOptions;
import dev.convt.PlanOptions.KernelChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.junit.jupiter.api.Test;

/**
 * What a plan keeps between executions: each worker's input copy is refilled only for another
 * input or another part of it, and a plan executed from inside its own pool splits its work with
 * the pool's other workers. Both against the same plan on one thread, bitwise.
 */
class PlanReuseTest {

    /** One stride-2 layer with a bias; {@code seed} draws its data. */
    private static ConvCase layer(int height, int width, int kernel, int padding, int outputPadding, int seed) {
        return new ConvCase(1, 6, 3, 1, height, width, kernel, kernel, 2, 2, 1, 1, padding, padding, padding, padding,
                outputPadding, outputPadding, true, DType.FLOAT32, seed);
    }

    @Test
    void oneImageSplitByRowsGivesEachNewInputItsOwnResult() {
        // Tall single images on PHASE_PAIRS: threads copy only their row blocks' input rows.
        int[][] shapes = {{40, 40, 4, 1, 0}, {19, 21, 3, 1, 1}, {33, 20, 5, 2, 1}};
        for (int threads : new int[] {2, 3, 5}) {
            try (ForkJoinPool pool = new ForkJoinPool(threads - 1)) {
                for (int[] s : shapes) {
                    ConvCase first = layer(s[0], s[1], s[2], s[3], s[4], 1);
                    ConvCase.Data weights = first.data();
                    PlanOptions phasePairs = PlanOptions.defaults().withKernel(KernelChoice.PHASE_PAIRS);
                    try (ConvTransposePlan split = first.toConv().plan(first.inputShape(), first.weightTensor(weights),
                            first.biasTensor(weights), phasePairs.withPool(pool));
                         ConvTransposePlan single = first.toConv().plan(first.inputShape(), first.weightTensor(weights),
                                 first.biasTensor(weights), phasePairs.withThreads(1))) {
                        for (int execution = 0; execution < 12; execution++) {
                            ConvCase next = layer(s[0], s[1], s[2], s[3], s[4], 100 + execution);
                            ConvCase.Data data = new ConvCase.Data(next.data().x(), weights.w(), weights.b());
                            assertArrayEquals(single.execute(next.inputTensor(data)).toDoubleArray(),
                                    split.execute(next.inputTensor(data)).toDoubleArray(),
                                    threads + " threads, execution " + execution + ": " + split.describe());
                        }
                    }
                }
            }
        }
    }

    @Test
    void executionsSubmittedToThePlansOwnPoolMatchOneThread() throws Exception {
        ConvCase c = new ConvCase(2, 8, 6, 1, 20, 20, 4, 4, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0, true, DType.FLOAT32, 3);
        ConvCase.Data data = c.data();
        for (KernelChoice kernel : new KernelChoice[] {KernelChoice.PHASE_PAIRS, KernelChoice.CHANNEL_VECTORS, KernelChoice.PIXEL_VECTORS}) {
            try (ForkJoinPool pool = new ForkJoinPool(4);
                 ConvTransposePlan pooled = c.toConv().plan(c.inputShape(), c.weightTensor(data), c.biasTensor(data),
                         PlanOptions.defaults().withKernel(kernel).withPool(pool));
                 ConvTransposePlan single = c.toConv().plan(c.inputShape(), c.weightTensor(data), c.biasTensor(data),
                         PlanOptions.defaults().withKernel(kernel).withThreads(1))) {
                double[] expected = single.execute(c.inputTensor(data)).toDoubleArray();
                List<ForkJoinTask<double[]>> executions = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    executions.add(pool.submit(() -> pooled.execute(c.inputTensor(data)).toDoubleArray()));
                }
                for (ForkJoinTask<double[]> execution : executions) {
                    assertArrayEquals(expected, execution.get(), kernel.toString());
                }
            }
        }
    }
}
