package dev.convt.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this machine's float32 FMA throughput from Java: the ceiling that "% of peak" refers
 * to. Each thread runs a loop of fused multiply-adds on {@value #ACCUMULATORS} independent vector
 * accumulators, enough to hide the FMA latency on both of a core's FMA pipes, with no memory
 * traffic.
 */
public final class FmaPeak {
    /**
     * A {@code static final} constant: C2 only turns Vector API calls into SIMD instructions when the
     * species is a compile-time constant (read from a parameter the same loop runs about 20x slower).
     */
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int ACCUMULATORS = 12;
    private static final long FLOPS_PER_ITERATION = 2L * ACCUMULATORS * SPECIES.length();
    private static final int TRIALS = 3;
    /** Keeps the loops' results observable, so the JIT cannot drop them. */
    private static volatile float sink;

    private FmaPeak() {
    }

    /** The vector width measured with, in bits. */
    public static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    /**
     * GFLOP/s of {@code threads} threads running the FMA loop at once, the best of a few trials that
     * take about {@code seconds} together.
     */
    public static double gflops(int threads, double seconds) {
        warmUp();
        long perSecond = calibrate();
        int iterations = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (long) (perSecond * seconds / TRIALS)));
        double best = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            best = Math.max(best, trial(threads, iterations));
        }
        return best;
    }

    private static void warmUp() {
        long end = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < end) {
            sink = fmaLoop(100_000);
        }
    }

    /** Loop iterations one thread runs per second. */
    private static long calibrate() {
        int iterations = 2_000_000;
        long start = System.nanoTime();
        sink = fmaLoop(iterations);
        return (long) (iterations / ((System.nanoTime() - start) / 1e9));
    }

    private static double trial(int threads, int iterations) {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                sink = fmaLoop(iterations);
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        try {
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("peak measurement interrupted", e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return threads * (double) iterations * FLOPS_PER_ITERATION / seconds / 1e9;
    }

    private static float fmaLoop(int iterations) {
        FloatVector scale = FloatVector.broadcast(SPECIES, 0.999f);
        FloatVector offset = FloatVector.broadcast(SPECIES, 0.001f);
        // Distinct starting values: equal ones would let the JIT merge the chains into one.
        FloatVector a0 = FloatVector.broadcast(SPECIES, 0.01f);
        FloatVector a1 = FloatVector.broadcast(SPECIES, 0.02f);
        FloatVector a2 = FloatVector.broadcast(SPECIES, 0.03f);
        FloatVector a3 = FloatVector.broadcast(SPECIES, 0.04f);
        FloatVector a4 = FloatVector.broadcast(SPECIES, 0.05f);
        FloatVector a5 = FloatVector.broadcast(SPECIES, 0.06f);
        FloatVector a6 = FloatVector.broadcast(SPECIES, 0.07f);
        FloatVector a7 = FloatVector.broadcast(SPECIES, 0.08f);
        FloatVector a8 = FloatVector.broadcast(SPECIES, 0.09f);
        FloatVector a9 = FloatVector.broadcast(SPECIES, 0.10f);
        FloatVector a10 = FloatVector.broadcast(SPECIES, 0.11f);
        FloatVector a11 = FloatVector.broadcast(SPECIES, 0.12f);
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(scale, offset);
            a1 = a1.fma(scale, offset);
            a2 = a2.fma(scale, offset);
            a3 = a3.fma(scale, offset);
            a4 = a4.fma(scale, offset);
            a5 = a5.fma(scale, offset);
            a6 = a6.fma(scale, offset);
            a7 = a7.fma(scale, offset);
            a8 = a8.fma(scale, offset);
            a9 = a9.fma(scale, offset);
            a10 = a10.fma(scale, offset);
            a11 = a11.fma(scale, offset);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
