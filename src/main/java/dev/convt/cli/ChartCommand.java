package dev.convt.cli;

import dev.convt.bench.BenchChart;
import dev.convt.bench.ChartData;
import dev.convt.bench.ResultFiles;
import dev.convt.bench.ResultSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/bench-chart}: draws benchmark results as a PNG, GFLOP/s per shape with the
 * machine peak as a line, optionally beside a second result set with the ratio per shape.
 */
@Command(name = "bench-chart", sortOptions = false,
        description = {
            "Draws GFLOP/s per shape as bars, the machine's FMA peak as a line, and optionally a second result set "
                + "beside them with the ratio per shape in the labels.",
            "Reads convt bench --json output, JMH -rf json output of jmh/, or torch_bench.py --out output (one variant)."})
public final class ChartCommand extends ConvtCommand {

    @Parameters(index = "0", paramLabel = "RESULTS.json", description = "The results to draw.")
    Path results;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.png", description = "The PNG to write.")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Thread count to take from a file that holds several (JMH runs over the threads parameter).")
    Integer threads;

    @Option(names = "--variant", paramLabel = "KEY", description = "torch_bench variant of RESULTS.json, such as onednn-1T.")
    String variant;

    @Option(names = "--label", paramLabel = "TEXT", description = "Legend name of RESULTS.json (default: from its format).")
    String label;

    @Option(names = "--compare-label", paramLabel = "TEXT", description = "Legend name of --compare (default: from its format).")
    String compareLabel;

    @Option(names = "--title", paramLabel = "TEXT", description = "Chart title (default: what is drawn and the thread count).")
    String title;

    @Option(names = "--peak", paramLabel = "GFLOPS",
            description = "Peak to draw. Default: the one recorded in RESULTS.json, else the cached measurement (--peak-cache), "
                    + "measured now when absent.")
    Double peak;

    @Mixin
    ComparisonOptions comparison;


    @Override
    int execute() {
        PrintWriter err = spec.commandLine().getErr();
        ResultSet primary = ResultFiles.read(results, variant, threads);
        if (label != null) {
            primary = primary.withLabel(label);
        }
        ResultSet other = comparison.readComparison(threads != null ? threads : primary.threads());
        if (other != null && compareLabel != null) {
            other = other.withLabel(compareLabel);
        }
        ChartData data = ChartData.of(primary, other, peakFor(primary, err));
        OutputFile.write("--out", out, () -> BenchChart.write(data, title != null ? title : BenchChart.defaultTitle(data), out));
        err.println("wrote " + out);
        return 0;
    }

    private double peakFor(ResultSet primary, PrintWriter err) {
        if (peak != null) {
            return peak;
        }
        if (!Double.isNaN(primary.peakGflops())) {
            return primary.peakGflops();
        }
        if (primary.threads() <= 0) {
            err.println("note: " + results + " does not say its thread count, so no peak line is drawn; give one with --peak");
            return Double.NaN;
        }
        return comparison.peakCache(err).peak(primary.threads());
    }
}
