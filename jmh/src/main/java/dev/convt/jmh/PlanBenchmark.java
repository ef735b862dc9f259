package dev.convt.jmh;

import dev.convt.PlanOptions.KernelChoice;
import dev.convt.Tensor;
import dev.convt.bench.BenchCase;
import dev.convt.bench.BenchSuite;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code ConvTransposePlan.execute(x, y)} on every shape of the built-in suite, at 1 and 2 plan
 * threads, in ms/op. Plan, operands and output are made in the trial's setup, so only the
 * execution is timed. GFLOP/s follow from ms/op and the shape's work, which the built-in suite
 * gives for the {@code shape} parameter: {@code scripts/bench-chart} reads JMH's JSON that way.
 * (An {@code @AuxCounters} rate does not fit: in AverageTime mode JMH reports counters as time
 * per count, and event counters summed over iterations.)
 */
public class PlanBenchmark extends RunLengths {
    /** The names of the built-in suite (src/main/resources/dev/convt/bench/suite-17.json), in its order. */
    @Param({"dcgan-l1-b1", "dcgan-l2-b1", "dcgan-l3-b1", "dcgan-l4-b1", "dcgan-l5-b1",
            "dcgan-l2-b64", "dcgan-l3-b64", "dcgan-l4-b64", "dcgan-l5-b64",
            "unet-up-k2s2-b1", "unet-up-k2s2-b8", "seg-k3s2-op1-b4", "stride1-k3-b8",
            "dilated-k3s2d2-b4", "grouped-g8-b8", "depthwise-bilinear-k16s8-b1", "vocoder-1d-k16s8-b1"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    /** The plan's kernel path; {@code -p kernel=SCATTER} (or another path) compares one against the plan's choice. */
    @Param({"AUTO"})
    public KernelChoice kernel;

    private BenchCase benchCase;

    @Setup(Level.Trial)
    public void setUp() {
        benchCase = new BenchCase(BenchSuite.builtIn().shape(shape), threads, kernel);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        benchCase.close();
    }

    @Benchmark
    public Tensor execute() {
        benchCase.run();
        return benchCase.output();
    }
}
