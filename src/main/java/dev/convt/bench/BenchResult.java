package dev.convt.bench;

/**
 * One shape's measured speed, whichever tool measured it (convt bench, JMH, PyTorch).
 *
 * @param medianMs time of one call in milliseconds
 * @param gflops   useful work per second ({@link BenchShape#flops()} / time), in GFLOP/s
 */
public record BenchResult(String name, double medianMs, double gflops) {

    /** The work of one call in GFLOP, recovered from speed and time. */
    public double gflop() {
        return gflops * medianMs / 1e3;
    }
}
