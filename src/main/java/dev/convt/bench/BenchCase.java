package dev.convt.bench;

import dev.convt.ConvTransposePlan;
import dev.convt.PlanOptions;
import dev.convt.PlanOptions.KernelChoice;
import dev.convt.Tensor;
import java.util.concurrent.ForkJoinPool;

/**
 * What one timed operation needs, set up once: a plan for the shape on {@code threads} threads
 * (the calling one and an own pool of {@code threads - 1} workers), seeded operands and an output
 * tensor. {@link #run()} is the operation
 * both {@code convt bench} and the JMH benchmarks time.
 */
public final class BenchCase implements AutoCloseable {
    /** Seed of the operands: every run, whichever tool makes it, times the same numbers. */
    public static final long SEED = 42;

    private final ForkJoinPool pool;
    private final ConvTransposePlan plan;
    private final Tensor input;
    private final Tensor output;

    /** {@code kernel}: the plan's path, {@link KernelChoice#AUTO} for the one it would choose. */
    public BenchCase(BenchShape shape, int threads, KernelChoice kernel) {
        BenchShape.Operands operands = shape.randomOperands(SEED);
        // An own pool rather than the common one, so that the thread count is exactly the one asked
        // for: the calling thread and threads - 1 workers.
        this.pool = threads > 1 ? new ForkJoinPool(threads - 1) : null;
        PlanOptions options = PlanOptions.defaults().withKernel(kernel);
        this.plan = shape.convolution().plan(shape.inputShape(), operands.weight(), operands.bias(),
                pool == null ? options.withThreads(1) : options.withPool(pool));
        this.input = operands.input();
        this.output = Tensor.zeros(plan.dtype(), plan.outputShape());
    }

    public void run() {
        plan.execute(input, output);
    }

    public ConvTransposePlan plan() {
        return plan;
    }

    public Tensor output() {
        return output;
    }

    @Override
    public void close() {
        plan.close();
        if (pool != null) {
            pool.close();
        }
    }
}
