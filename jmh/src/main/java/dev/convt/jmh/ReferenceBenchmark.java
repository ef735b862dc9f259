package dev.convt.jmh;

import dev.convt.ConvTransposeProblem;
import dev.convt.bench.BenchCase;
import dev.convt.bench.BenchShape;
import dev.convt.bench.BenchSuite;
import dev.convt.reference.DirectScatterReference;
import dev.convt.reference.ZeroInterpolationReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The two float64 oracles on one small suite shape, for scale: how far the engine
 * ({@link PlanBenchmark} on the same shape) is from computing transposed convolution plainly.
 * Another shape with {@code -p shape=NAME}; the references take seconds on the big ones.
 */
public class ReferenceBenchmark extends RunLengths {
    @Param({"dcgan-l5-b1"})
    public String shape;

    private ConvTransposeProblem problem;
    private double[] input;
    private double[] weight;
    private double[] bias;

    @Setup(Level.Trial)
    public void setUp() {
        BenchShape benchShape = BenchSuite.builtIn().shape(shape);
        BenchShape.Operands operands = benchShape.randomOperands(BenchCase.SEED);
        problem = benchShape.problem();
        input = operands.input().toDoubleArray();
        weight = operands.weight().toDoubleArray();
        bias = operands.bias().toDoubleArray();
    }

    @Benchmark
    public double[] zeroInterpolation() {
        return ZeroInterpolationReference.forward(problem, input, weight, bias);
    }

    @Benchmark
    public double[] directScatter() {
        return DirectScatterReference.forward(problem, input, weight, bias);
    }
}
