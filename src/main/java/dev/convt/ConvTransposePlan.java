package dev.convt;

import dev.convt.PlanOptions.KernelChoice;
import dev.convt.engine.Engine;
import dev.convt.engine.Engines;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;

/**
 * A transposed convolution bound to one input shape and one set of weights: created once (it
 * validates, packs the weights into its kernel's layout and picks the kernel path and blocking),
 * then {@link #execute executed} any number of times. Executing allocates nothing once warm and
 * is safe from several threads at once; results do not depend on the number of threads.
 */
public final class ConvTransposePlan implements AutoCloseable {
    private final ConvTransposeProblem problem;
    /** The problem's shapes, kept so that executions check tensors without allocating. */
    private final int[] inputShape;
    private final int[] outputShape;
    private final DType dtype;
    private final ForkJoinPool pool;
    private final Engine<float[]> floatPlan;
    private final Engine<double[]> doublePlan;
    private volatile boolean closed;

    ConvTransposePlan(ConvTransposeProblem problem, Tensor weight, Tensor bias, PlanOptions options) {
        this.problem = problem;
        this.inputShape = problem.inputShape();
        this.outputShape = problem.outputShape();
        this.dtype = weight.dtype();
        this.pool = options.workerPool();
        if (!options.kernel().supports(problem)) {
            throw new InvalidParameterException("kernel", options.kernel(), options.kernel().requirement() + ", not "
                    + options.kernel().whatItHas(problem));
        }
        int parallelism = Engines.effectiveParallelism(pool);
        if (dtype == DType.FLOAT32) {
            floatPlan = Engines.float32(problem, weight.floats(), bias == null ? null : bias.floats(), options.kernel(), parallelism);
            doublePlan = null;
        } else {
            doublePlan = Engines.float64(problem, weight.doubles(), bias == null ? null : bias.doubles(), options.kernel(), parallelism);
            floatPlan = null;
        }
    }

    public ConvTransposeProblem problem() {
        return problem;
    }

    public DType dtype() {
        return dtype;
    }

    /** The input shape this plan accepts: (N, Cin, H, W). */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** The output shape this plan produces: (N, Cout, Ho, Wo). */
    public int[] outputShape() {
        return outputShape.clone();
    }

    /** Computes the output into a new tensor. */
    public Tensor execute(Tensor input) {
        Tensor output = Tensor.zeros(dtype, outputShape);
        execute(input, output);
        return output;
    }

    /** Computes the output into {@code output}, overwriting every element. */
    public void execute(Tensor input, Tensor output) {
        if (closed) {
            throw new IllegalStateException("this plan is closed: " + problem.describeShape());
        }
        check("input", input, inputShape);
        check("output", output, outputShape);
        if (dtype == DType.FLOAT32) {
            floatPlan.execute(input.floats(), output.floats(), pool);
        } else {
            doublePlan.execute(input.doubles(), output.doubles(), pool);
        }
    }

    private void check(String name, Tensor tensor, int[] shape) {
        if (tensor.dtype() != dtype) {
            throw new InvalidParameterException(name + " dtype", tensor.dtype(), "must be " + dtype + ", the dtype of the weights");
        }
        if (!tensor.hasShape(shape)) {
            if (name.equals("input") && tensor.rank() == 4 && tensor.dim(1) != shape[1]) {
                throw new InvalidParameterException("input channels", tensor.dim(1), "must equal in_channels = " + shape[1]);
            }
            throw new InvalidParameterException(name + " shape", Arrays.toString(tensor.shape()),
                    "must be " + Arrays.toString(shape) + " for this plan");
        }
    }

    /** The kernel path this plan runs: its options' choice, or the one AUTO picked for the problem. */
    public KernelChoice kernel() {
        return floatPlan != null ? floatPlan.kernel() : doublePlan.kernel();
    }

    /** What this plan runs: the problem, the kernel path chosen and its blocking. */
    public String describe() {
        return problem.describeShape() + "; " + dtype + "; "
                + (floatPlan != null ? floatPlan.describe() : doublePlan.describe())
                + "; threads " + Engines.effectiveParallelism(pool);
    }

    /**
     * Ends the plan: later {@link #execute} calls fail. Its packed weights and per-thread buffers
     * are then garbage once the plan is unreachable.
     */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "ConvTransposePlan[" + describe() + "]";
    }
}
