package dev.convt.bench;

import java.util.List;

/**
 * The results of one run of a suite, read from a file or just measured.
 *
 * @param label       what measured them, for legends ("convt", "PyTorch onednn-1T")
 * @param threads     the thread count they were measured at; 0 when the file does not say
 * @param peakGflops  the machine peak recorded with them, or NaN when they carry none
 */
public record ResultSet(String label, int threads, List<BenchResult> results, double peakGflops) {

    public ResultSet {
        results = List.copyOf(results);
    }

    /** The result for the shape of this name, or {@code null} when there is none. */
    public BenchResult result(String name) {
        return results.stream().filter(result -> result.name().equals(name)).findFirst().orElse(null);
    }

    public ResultSet withLabel(String newLabel) {
        return new ResultSet(newLabel, threads, results, peakGflops);
    }

    /**
     * GFLOP-weighted speed: all the work divided by all the time, so that big shapes count by their
     * size (the suite figure that peers are compared by).
     */
    public static double weightedGflops(List<BenchResult> results) {
        double gflop = 0;
        double seconds = 0;
        for (BenchResult result : results) {
            gflop += result.gflop();
            seconds += result.medianMs() / 1e3;
        }
        return gflop / seconds;
    }
}
