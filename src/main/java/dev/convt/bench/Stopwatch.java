package dev.convt.bench;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Times single calls of an operation: a warm-up (at least {@value #WARMUP_CALLS} calls and
 * {@value #WARMUP_SECONDS} s, at most {@value #WARMUP_LIMIT_SECONDS} s once one call is done) so
 * that the JIT has compiled the kernels, then calls timed one by one until both the minimum time
 * and {@value #MIN_REPS} repetitions are reached. The median is what gets reported: it shrugs off
 * the stray slow call that a shared machine produces.
 */
public final class Stopwatch {
    static final int WARMUP_CALLS = 3;
    static final double WARMUP_SECONDS = 0.3;
    static final double WARMUP_LIMIT_SECONDS = 3.0;
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
        int calls = 0;
        while (true) {
            operation.run();
            calls++;
            double elapsed = seconds(System.nanoTime() - start);
            if (calls >= WARMUP_CALLS && elapsed >= WARMUP_SECONDS || elapsed >= WARMUP_LIMIT_SECONDS) {
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

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
