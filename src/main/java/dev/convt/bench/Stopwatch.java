package dev.convt.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Times single calls of an operation: a warm-up (at least {@value #WARMUP_CALLS} calls and
 * {@value #WARMUP_SECONDS} s, then on until the JIT has finished no compilation for
 * {@value #JIT_QUIET_SECONDS} s; at most {@value #WARMUP_LIMIT_SECONDS} s once one call is done)
 * so that the kernels are compiled and no compiler thread shares the cores with the timed calls,
 * then calls timed one by one until both the minimum time and {@value #MIN_REPS} repetitions are
 * reached. The median is what gets reported: it shrugs off
 * the stray slow call that a shared machine produces.
 */
public final class Stopwatch {
    static final int WARMUP_CALLS = 3;
    static final double WARMUP_SECONDS = 0.3;
    static final double WARMUP_LIMIT_SECONDS = 3.0;
    /**
     * A compiler thread still at work takes a core from the timed calls: DCGAN's 4x4 layer on two
     * threads timed 1.3-1.6 ms instead of 0.8 when C2 was still compiling the engine after the
     * fixed warm-up.
     */
    static final double JIT_QUIET_SECONDS = 0.2;
    /** The JIT's total compilation time in ms, or a constant where it cannot be read. */
    private static final LongSupplier COMPILATION_MILLIS = compilationMillis();
    static final int MIN_REPS = 5;
    /** Enough for a stable median of a microsecond-scale call; bounds the sample array. */
    static final int MAX_REPS = 20_000;
    private static final long STATUS_INTERVAL_NANOS = 250_000_000L;

    private Stopwatch() {
    }

    /** Median and fastest time of one call, in milliseconds, over {@code reps} timed calls. */
    public record Timing(double medianMs, double minMs, int reps) {
    }

    /**
     * Warms up and times {@code operation}; {@code status} hears what is going on ("warm-up",
     * "12 reps") a few times a second, for a progress display.
     */
    public static Timing time(Runnable operation, double minSeconds, Consumer<String> status) {
        status.accept("warm-up");
        long start = System.nanoTime();
        long compiled = COMPILATION_MILLIS.getAsLong();
        long quietSince = start;
        int calls = 0;
        while (true) {
            operation.run();
            calls++;
            long now = System.nanoTime();
            long compiledNow = COMPILATION_MILLIS.getAsLong();
            if (compiledNow != compiled) {
                compiled = compiledNow;
                quietSince = now;
            }
            double elapsed = seconds(now - start);
            boolean warm = calls >= WARMUP_CALLS && elapsed >= WARMUP_SECONDS && seconds(now - quietSince) >= JIT_QUIET_SECONDS;
            if (warm || elapsed >= WARMUP_LIMIT_SECONDS) {
                break;
            }
        }
        double[] samples = new double[MAX_REPS];
        int reps = 0;
        start = System.nanoTime();
        long lastStatus = start;
        while (reps < MAX_REPS && (reps < MIN_REPS || seconds(System.nanoTime() - start) < minSeconds)) {
            long before = System.nanoTime();
            operation.run();
            long after = System.nanoTime();
            samples[reps++] = (after - before) / 1e6;
            if (after - lastStatus >= STATUS_INTERVAL_NANOS) {
                status.accept(reps + " reps");
                lastStatus = after;
            }
        }
        double[] taken = Arrays.copyOf(samples, reps);
        return new Timing(median(taken), Arrays.stream(taken).min().orElseThrow(), reps);
    }

    /** The median of a non-empty sample (mean of the middle two for an even count); sorts a copy. */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static LongSupplier compilationMillis() {
        try {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
                return jit::getTotalCompilationTime;
            }
        } catch (LinkageError e) {
            // java.management is not in the module graph: the fixed warm-up alone.
        }
        return () -> 0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
