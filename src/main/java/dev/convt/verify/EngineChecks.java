package dev.convt.verify;

import dev.convt.ConvTranspose2d;
import dev.convt.ConvTransposePlan;
import dev.convt.ConvTransposeProblem;
import dev.convt.PlanOptions;
import dev.convt.PlanOptions.KernelChoice;
import dev.convt.Tensor;
import dev.convt.reference.ZeroInterpolationReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The engine against the zero-interpolation reference, as jqwik properties over {@link ConvCases}.
 * The test suite runs them through a subclass in src/test; {@code convt verify} runs this class
 * itself through {@link VerifyRunner}. A failure message names the kernel path, the output
 * element and the numbers; jqwik shrinks the case to a small one.
 */
@AddLifecycleHook(VerifyHook.class)
public class EngineChecks {
    /**
     * The "N" of "1, 2 and N threads": more workers than the 2-core development machine has,
     * and odd, so that the plan splits its work differently than for 1 or 2.
     */
    static final int MANY_THREADS = 5;
    /** Threads that execute one plan at the same time, and executions per thread. */
    static final int CONCURRENT_CALLERS = 4;
    static final int EXECUTIONS_PER_CALLER = 3;

    /** Pools that, with the calling thread, make 2 and {@link #MANY_THREADS} threads. */
    private static final ForkJoinPool TWO_THREADS = new ForkJoinPool(1);
    private static final ForkJoinPool MANY_THREADS_POOL = new ForkJoinPool(MANY_THREADS - 1);
    private static final ExecutorService CALLERS = Executors.newFixedThreadPool(CONCURRENT_CALLERS,
            Thread.ofPlatform().daemon().name("convt-check-caller-", 0).factory());

    @Provide
    Arbitrary<ConvCase> cases() {
        return ConvCases.cases();
    }

    @Provide
    Arbitrary<ConvCase> winogradCases() {
        return ConvCases.winogradCases();
    }

    @Provide
    Arbitrary<ConvCase> winogradPhasesCases() {
        return ConvCases.winogradPhasesCases();
    }

    /**
     * Every kernel path, AUTO included, is within its tolerance of the zero-interpolation reference
     * on every output element ({@link Tolerance#engineVersusReference}, or
     * {@link Tolerance#winogradVersusReference} for a plan that runs WINOGRAD or WINOGRAD_PHASES).
     */
    @Property
    void everyKernelPathMatchesTheReference(@ForAll("cases") ConvCase c) {
        VerifySession.recordCase(c);
        VerifySession.recordError(c, assertEveryPathMatchesTheReference(c.toConv(), c));
    }

    /**
     * Cases the WINOGRAD path runs (which {@link #cases()} seldom draws): every path, WINOGRAD and
     * AUTO included, within its tolerance of the reference, and WINOGRAD bitwise equal on 1, 2 and
     * {@link #MANY_THREADS} threads.
     */
    @Property
    void winogradCasesMatchTheReference(@ForAll("winogradCases") ConvCase c) {
        VerifySession.recordCase(c);
        VerifySession.recordError(c, assertEveryPathMatchesTheReference(c.toConv(), c));
        assertThreadCountsAgree(c, List.of(KernelChoice.WINOGRAD));
    }

    /**
     * Cases the WINOGRAD_PHASES path runs (which {@link #cases()} seldom draws): every path,
     * WINOGRAD_PHASES and AUTO included, within its tolerance of the reference, and WINOGRAD_PHASES
     * bitwise equal on 1, 2 and {@link #MANY_THREADS} threads.
     */
    @Property
    void winogradPhasesCasesMatchTheReference(@ForAll("winogradPhasesCases") ConvCase c) {
        VerifySession.recordCase(c);
        VerifySession.recordError(c, assertEveryPathMatchesTheReference(c.toConv(), c));
        assertThreadCountsAgree(c, List.of(KernelChoice.WINOGRAD_PHASES));
    }

    /**
     * Runs {@code conv} on the input shape, dtype and data of {@code c} through every kernel path
     * and fails unless each is within {@link Tolerance#engineVersusReference} of the reference
     * ({@link Tolerance#winogradVersusReference} for a plan that runs WINOGRAD or WINOGRAD_PHASES).
     * {@code conv} may derive its pads differently from {@code c} (ONNX auto_pad, output_shape).
     *
     * @return the worst error, as a multiple of its tolerance
     */
    public static double assertEveryPathMatchesTheReference(ConvTranspose2d conv, ConvCase c) {
        ConvCase.Data data = c.data();
        ConvTransposeProblem problem = conv.resolve(c.inputShape());
        double[] expected = ZeroInterpolationReference.forward(problem, data.x(), data.w(), data.b());
        double[] plainSums = Tolerance.absoluteSums(problem, data);
        double[] winogradSums = null;
        double worst = 0;
        for (KernelChoice path : pathsFor(problem)) {
            double[] actual;
            boolean winograd;
            try (ConvTransposePlan plan = conv.plan(c.inputShape(), c.weightTensor(data), c.biasTensor(data),
                    PlanOptions.defaults().withKernel(path))) {
                actual = execute(plan, c.inputTensor(data)).toDoubleArray();
                winograd = plan.kernel() == KernelChoice.WINOGRAD || plan.kernel() == KernelChoice.WINOGRAD_PHASES;
            }
            if (winograd && winogradSums == null) {
                winogradSums = Tolerance.winogradAbsoluteSums(problem, data);
            }
            double[] absoluteSums = winograd ? winogradSums : plainSums;
            double bound = winograd ? Tolerance.winogradVersusReference(c.reductionLength(), c.dtype())
                    : Tolerance.engineVersusReference(c.reductionLength(), c.dtype());
            Tolerance.Comparison comparison = Tolerance.compare(actual, expected, absoluteSums, bound);
            if (!comparison.withinBound()) {
                int i = comparison.worstIndex();
                throw new AssertionError(String.format(
                        "path %s: y%s = %s but the reference gives %s; error %.3g is %.3g times the tolerance %.3g (= %.3g x sum|x*w| %.6g)",
                        path, element(problem.outputShape(), i), actual[i], expected[i], Math.abs(actual[i] - expected[i]),
                        comparison.worstRatio(), bound * absoluteSums[i], bound, absoluteSums[i]));
            }
            worst = Math.max(worst, comparison.worstRatio());
        }
        return worst;
    }

    /** The kernel paths that can run {@code problem}: all of them but the depthwise one, unless it is depthwise. */
    static List<KernelChoice> pathsFor(ConvTransposeProblem problem) {
        return Arrays.stream(KernelChoice.values()).filter(path -> path.supports(problem)).toList();
    }

    /** Every path gives bitwise the same result on 1, 2 and {@link #MANY_THREADS} threads. */
    @Property
    void threadCountsGiveBitwiseEqualResults(@ForAll("cases") ConvCase c) {
        VerifySession.recordCase(c);
        assertThreadCountsAgree(c, pathsFor(c.problem()));
    }

    static void assertThreadCountsAgree(ConvCase c, List<KernelChoice> paths) {
        ConvCase.Data data = c.data();
        for (KernelChoice path : paths) {
            PlanOptions options = PlanOptions.defaults().withKernel(path);
            double[] one = run(c, data, options.withThreads(1)).toDoubleArray();
            assertBitwiseEqual(c, one, run(c, data, options.withPool(TWO_THREADS)).toDoubleArray(),
                    "path " + path + ", 1 thread against 2 threads");
            assertBitwiseEqual(c, one, run(c, data, options.withPool(MANY_THREADS_POOL)).toDoubleArray(),
                    "path " + path + ", 1 thread against " + MANY_THREADS + " threads");
        }
    }

    /**
     * One plan executed by {@link #CONCURRENT_CALLERS} threads at once, each several times on an
     * input of its own, gives every caller the result of a lone execution on its input: on every
     * path, whether the plan runs inline on its callers or on a shared pool. Distinct inputs catch
     * a worker that reuses a copy of another execution's input.
     */
    @Property
    void concurrentExecutionsOfOnePlanAgree(@ForAll("cases") ConvCase c) throws Exception {
        VerifySession.recordCase(c);
        ConvCase.Data data = c.data();
        List<Tensor> inputs = new ArrayList<>();
        for (int caller = 0; caller < CONCURRENT_CALLERS; caller++) {
            inputs.add(c.inputTensor(new ConvCase.Data(rotated(data.x(), caller), data.w(), data.b())));
        }
        for (KernelChoice path : pathsFor(c.problem())) {
            for (PlanOptions options : List.of(PlanOptions.defaults().withThreads(1), PlanOptions.defaults().withPool(TWO_THREADS))) {
                try (ConvTransposePlan plan = c.toConv().plan(c.inputShape(), c.weightTensor(data), c.biasTensor(data),
                        options.withKernel(path))) {
                    List<double[]> alone = inputs.stream().map(input -> execute(plan, input).toDoubleArray()).toList();
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<List<double[]>>> callers = new ArrayList<>();
                    for (Tensor input : inputs) {
                        callers.add(CALLERS.submit(() -> {
                            start.await();
                            List<double[]> results = new ArrayList<>();
                            for (int e = 0; e < EXECUTIONS_PER_CALLER; e++) {
                                results.add(execute(plan, input).toDoubleArray());
                            }
                            return results;
                        }));
                    }
                    start.countDown();
                    for (int caller = 0; caller < callers.size(); caller++) {
                        for (double[] result : resultOf(callers.get(caller))) {
                            assertBitwiseEqual(c, alone.get(caller), result,
                                    "path " + path + ", caller " + caller + " of concurrent executions of one plan (" + plan.describe() + ")");
                        }
                    }
                }
            }
        }
    }

    /** {@code values} rotated left by {@code by} places: a different input of the same shape. */
    private static double[] rotated(double[] values, int by) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[(i + by) % values.length];
        }
        return out;
    }

    /**
     * The vector paths of the stride-phase gather and the scalar path compute each element with
     * the same chain of fused multiply-adds in the same order, so they agree to the bit. (Paths
     * leave out different taps that reach only padding; those add exact zeros, which can change
     * nothing but the sign of a zero sum, and the final bias addition makes every zero +0.)
     */
    @Property
    void vectorPathsEqualScalarBitwise(@ForAll("cases") ConvCase c) {
        VerifySession.recordCase(c);
        ConvCase.Data data = c.data();
        PlanOptions options = PlanOptions.defaults();
        double[] scalar = run(c, data, options.withKernel(KernelChoice.SCALAR)).toDoubleArray();
        List<KernelChoice> paths = List.of(KernelChoice.CHANNEL_VECTORS, KernelChoice.PIXEL_VECTORS, KernelChoice.PHASE_PAIRS);
        for (KernelChoice path : paths.stream().filter(path -> path.supports(c.problem())).toList()) {
            assertBitwiseEqual(c, scalar, run(c, data, options.withKernel(path)).toDoubleArray(), "SCALAR against " + path);
        }
    }

    private static Tensor run(ConvCase c, ConvCase.Data data, PlanOptions options) {
        try (ConvTransposePlan plan = c.toConv().plan(c.inputShape(), c.weightTensor(data), c.biasTensor(data), options)) {
            return execute(plan, c.inputTensor(data));
        }
    }

    /**
     * Executes into an output filled with NaN rather than zeros, so that an element the plan
     * forgets to write cannot pass for a correct zero.
     */
    private static Tensor execute(ConvTransposePlan plan, Tensor input) {
        int[] shape = plan.outputShape();
        double[] notANumber = new double[(int) Tensor.elementCount("output shape", shape)];
        Arrays.fill(notANumber, Double.NaN);
        Tensor output = Tensor.fromDoubles(plan.dtype(), notANumber, shape);
        plan.execute(input, output);
        return output;
    }

    private static List<double[]> resultOf(Future<List<double[]>> caller) throws Exception {
        try {
            return caller.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * float32 values widen to double exactly and one-to-one, so comparing the widened bits compares
     * the floats' bits ({@link Arrays#mismatch(double[], double[])} compares as doubleToLongBits).
     */
    private static void assertBitwiseEqual(ConvCase c, double[] expected, double[] actual, String what) {
        int i = Arrays.mismatch(expected, actual);
        if (i >= 0) {
            throw new AssertionError(what + ": y" + element(c.outputShape(), i) + " = " + actual[i]
                    + " against " + expected[i] + " (not bitwise equal)");
        }
    }

    /** {@code [n=0, c=1, h=2, w=3]} for a flat NCHW index. */
    static String element(int[] shape, int flat) {
        int w = flat % shape[3];
        int h = flat / shape[3] % shape[2];
        int channel = flat / (shape[3] * shape[2]) % shape[1];
        int n = flat / (shape[3] * shape[2] * shape[1]);
        return "[n=" + n + ", c=" + channel + ", h=" + h + ", w=" + w + "]";
    }
}
