package dev.convt.engine;

import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions.KernelChoice;

/** Entry points from the public API into the engine, one per element type. */
public final class Engines {
    private Engines() {
    }

    public static EnginePlan<float[]> float32(ConvTransposeProblem problem, float[] weight, float[] bias,
                                              KernelChoice choice, int parallelism) {
        return new EnginePlan<>(problem, FloatKernels.INSTANCE, weight, bias, choice, parallelism);
    }

    public static EnginePlan<double[]> float64(ConvTransposeProblem problem, double[] weight, double[] bias,
                                               KernelChoice choice, int parallelism) {
        return new EnginePlan<>(problem, DoubleKernels.INSTANCE, weight, bias, choice, parallelism);
    }

    /** The vector width the kernels were compiled for, in bits. */
    public static int vectorBits() {
        return VectorWidth.SHAPE.vectorBitSize();
    }
}
