package dev.convt.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a benchmark chart shows, computed apart from the drawing so that it can be tested: one row
 * per shape with the primary result and, when a second result set is given, that set's result for
 * the same shape name, with their ratio; and the machine peak to draw as a line.
 *
 * @param rows       the primary results' shapes, in their order (shapes only the other set has are left
 *                   out: a run of a few shapes compared with a whole-suite file shows just those)
 * @param threads    the primary results' thread count (0 when unknown)
 * @param peakGflops the machine's FMA peak at that thread count; NaN draws no line
 */
public record ChartData(String primaryLabel, String otherLabel, List<Row> rows, int threads, double peakGflops) {

    public ChartData {
        rows = List.copyOf(rows);
    }

    /**
     * One shape.
     *
     * @param other the other set's result; {@code null} when there is none or it lacks this shape
     */
    public record Row(BenchResult primary, BenchResult other) {

        public String name() {
            return primary.name();
        }

        public double gflops() {
            return primary.gflops();
        }

        public double otherGflops() {
            return other == null ? Double.NaN : other.gflops();
        }

        /** Primary over other: above 1 the primary is faster. NaN unless both are known. */
        public double ratio() {
            return gflops() / otherGflops();
        }

        /** The axis label: the shape name, with the ratio when there is one. */
        public String category() {
            double ratio = ratio();
            return Double.isNaN(ratio) ? name() : name() + String.format(Locale.ROOT, "  %.2f\u00d7", ratio);
        }
    }

    /**
     * Joins {@code primary} with {@code other} (may be {@code null}) by shape name. The thread count
     * is the primary's.
     */
    public static ChartData of(ResultSet primary, ResultSet other, double peakGflops) {
        List<Row> rows = new ArrayList<>();
        for (BenchResult result : primary.results()) {
            rows.add(new Row(result, other == null ? null : other.result(result.name())));
        }
        return new ChartData(primary.label(), other == null ? null : other.label(), rows, primary.threads(), peakGflops);
    }

    public boolean hasOther() {
        return otherLabel != null;
    }

    /** The largest value on the chart (bars and peak), for the axis range. */
    public double maxGflops() {
        double max = Double.isNaN(peakGflops) ? 0 : peakGflops;
        for (Row row : rows) {
            max = Math.max(max, row.gflops());
            max = Math.max(max, Double.isNaN(row.otherGflops()) ? 0 : row.otherGflops());
        }
        return max;
    }

    /**
     * The primary results' GFLOP-weighted speed (total work over total time), over the shapes that
     * both sets have when there are two, so that the two figures are comparable.
     */
    public double weightedGflops() {
        return weighted(Row::primary);
    }

    /** The other set's GFLOP-weighted speed over the shapes both sets have; NaN without another set. */
    public double otherWeightedGflops() {
        return hasOther() ? weighted(Row::other) : Double.NaN;
    }

    private double weighted(Function<Row, BenchResult> side) {
        List<BenchResult> counted = rows.stream()
                .filter(row -> !hasOther() || row.other() != null)
                .map(side)
                .toList();
        return counted.isEmpty() ? Double.NaN : ResultSet.weightedGflops(counted);
    }
}
