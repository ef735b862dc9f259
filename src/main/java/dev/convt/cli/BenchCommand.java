package dev.convt.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.convt.InvalidParameterException;
import dev.convt.PlanOptions.KernelChoice;
import dev.convt.bench.AtomicFiles;
import dev.convt.bench.BenchCase;
import dev.convt.bench.BenchChart;
import dev.convt.bench.BenchResult;
import dev.convt.bench.BenchShape;
import dev.convt.bench.BenchSuite;
import dev.convt.bench.ChartData;
import dev.convt.bench.FmaPeak;
import dev.convt.bench.PeakCache;
import dev.convt.bench.ResultSet;
import dev.convt.bench.Stopwatch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code convt bench}: times the engine on a suite of shapes and reports median time, GFLOP/s and
 * the share of the machine's FMA peak; {@code convt bench --peak} measures that peak.
 */
@Command(name = "bench", sortOptions = false,
        description = {
            "Times the engine (float32) on each shape of a suite: warm-up, then single executions until --min-time "
                + "and at least 5 of them; prints the median time, GFLOP/s and %% of this machine's FMA peak at the "
                + "same thread count. Progress goes to stderr, the table to stdout.",
            "The peak comes from the cache file (--peak-cache); when that lacks this machine or thread count, it is "
                + "measured first (about a second) and cached."})
public final class BenchCommand extends ConvtCommand {
    @Option(names = "--suite", paramLabel = "FILE.json",
            description = "Suite of shapes (name, N, Cin, H, W, Cout, K, S, P, OP, D, G). Default: the built-in 17-shape suite.")
    Path suite;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Only these shapes (comma-separated names).")
    List<String> only;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = "Threads of the plan, the calling one included (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--kernel", defaultValue = "AUTO", paramLabel = "PATH",
            description = "Kernel path: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, the plan's own choice).")
    KernelChoice kernel;

    @Option(names = "--min-time", defaultValue = "0.5", paramLabel = "SECONDS",
            description = "Time each shape at least this long after warm-up (default: ${DEFAULT-VALUE}).")
    double minTime;

    @Option(names = "--json", paramLabel = "OUT.json",
            description = "Write the results as a JSON list of {name, median_ms, gflops, ...}.")
    Path json;

    @Option(names = "--chart", paramLabel = "FILE.png", description = "Draw GFLOP/s per shape with the peak as a line.")
    Path chart;

    @Option(names = "--peak", description = "Only measure the FMA peak, at 1 thread and at --threads (or all processors), and cache it.")
    boolean peakOnly;

    @Mixin
    ComparisonOptions comparison;


    @Override
    int execute() {
        if (threads < 1) {
            throw new InvalidParameterException("--threads", threads, "must be >= 1");
        }
        if (!(minTime > 0) || Double.isInfinite(minTime)) {
            throw new InvalidParameterException("--min-time", minTime, "must be a positive number of seconds");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PeakCache peaks = comparison.peakCache(err);
        if (peakOnly) {
            return measurePeak(peaks, out);
        }
        BenchSuite benchSuite = suite == null ? BenchSuite.builtIn() : BenchSuite.read(suite);
        List<BenchShape> shapes = only == null ? benchSuite.shapes() : benchSuite.only(only);
        for (BenchShape shape : shapes) {
            if (!kernel.supports(shape.problem())) {
                throw new InvalidParameterException("--kernel", kernel, "cannot run shape " + shape.name()
                        + " (it " + kernel.requirement() + "); choose shapes with --only");
            }
        }
        // Read before the minutes of timing, so that a bad file fails at once.
        ResultSet other = comparison.readComparison(threads);
        double peak = peaks.peak(threads);

        Table table = new Table(out, other != null);
        table.header(other == null ? null : other.label());
        Progress progress = new Progress(err);
        List<BenchResult> results = new ArrayList<>();
        JsonArray rows = new JsonArray();
        for (int i = 0; i < shapes.size(); i++) {
            BenchShape shape = shapes.get(i);
            String task = String.format(Locale.ROOT, "[%d/%d] %s", i + 1, shapes.size(), shape.name());
            progress.start(task);
            try (BenchCase benchCase = new BenchCase(shape, threads, kernel)) {
                Stopwatch.Timing timing = Stopwatch.time(benchCase::run, minTime, status -> progress.status(task, status));
                double gflop = benchCase.plan().problem().flops() / 1e9;
                BenchResult result = new BenchResult(shape.name(), timing.medianMs(), gflop / (timing.medianMs() / 1e3));
                results.add(result);
                rows.add(jsonRow(result, gflop, timing, peak, benchCase.plan().describe()));
                progress.clear();
                table.row(result, gflop, peak, other == null ? null : other.result(shape.name()));
            }
        }
        ResultSet measured = new ResultSet("convt", threads, results, peak);
        ChartData data = ChartData.of(measured, other, peak);
        table.summary(data, peak, threads);
        if (json != null) {
            String text = new GsonBuilder().setPrettyPrinting().create().toJson(rows) + "\n";
            OutputFile.write("--json", json, () -> AtomicFiles.writeString(json, text));
            err.println("wrote " + json);
        }
        if (chart != null) {
            OutputFile.write("--chart", chart, () -> BenchChart.write(data, BenchChart.defaultTitle(data), chart));
            err.println("wrote " + chart);
        }
        return 0;
    }

    private int measurePeak(PeakCache peaks, PrintWriter out) {
        int many = threads > 1 ? threads : Runtime.getRuntime().availableProcessors();
        Map<Integer, Double> measured = many > 1 ? peaks.remeasure(1, many) : peaks.remeasure(1);
        out.printf(Locale.ROOT, "FMA peak, float32, %d-bit vectors (cached in %s):%n", FmaPeak.vectorBits(), peaks.file());
        measured.forEach((count, gflops) -> out.printf(Locale.ROOT, "  %2d %-7s %7.1f GFLOP/s  (%.1f per thread)%n",
                count, count == 1 ? "thread" : "threads", gflops, gflops / count));
        return 0;
    }

    private JsonObject jsonRow(BenchResult result, double gflop, Stopwatch.Timing timing, double peak, String plan) {
        JsonObject row = new JsonObject();
        row.addProperty("name", result.name());
        row.addProperty("median_ms", result.medianMs());
        row.addProperty("gflops", result.gflops());
        row.addProperty("min_ms", timing.minMs());
        row.addProperty("reps", timing.reps());
        row.addProperty("gflop", gflop);
        row.addProperty("threads", threads);
        row.addProperty("peak_gflops", peak);
        row.addProperty("percent_of_peak", 100 * result.gflops() / peak);
        row.addProperty("plan", plan);
        return row;
    }

    /** The stdout table: one row per shape as it finishes, then the suite summary. */
    private record Table(PrintWriter out, boolean comparing) {

        void header(String otherLabel) {
            out.printf(Locale.ROOT, "%-30s %8s %11s %9s %7s", "shape", "GFLOP", "median ms", "GFLOP/s", "% peak");
            if (comparing) {
                out.printf(Locale.ROOT, "  %9s %7s   (other: %s)", "other", "ratio", otherLabel);
            }
            out.println();
            out.flush();
        }

        void row(BenchResult result, double gflop, double peak, BenchResult other) {
            out.printf(Locale.ROOT, "%-30s %8.4f %11.3f %9.1f %6.0f%%", result.name(), gflop, result.medianMs(),
                    result.gflops(), 100 * result.gflops() / peak);
            if (comparing) {
                if (other == null) {
                    out.printf(Locale.ROOT, "  %9s %7s", "-", "-");
                } else {
                    out.printf(Locale.ROOT, "  %9.1f %6.2f\u00d7", other.gflops(), result.gflops() / other.gflops());
                }
            }
            out.println();
            out.flush();
        }

        void summary(ChartData data, double peak, int threads) {
            double weighted = data.weightedGflops();
            out.printf(Locale.ROOT, "%-30s %8s %11s %9.1f %6.0f%%", "suite, GFLOP-weighted", "", "", weighted, 100 * weighted / peak);
            if (comparing) {
                double other = data.otherWeightedGflops();
                out.printf(Locale.ROOT, "  %9.1f %6.2f\u00d7   (over the shapes both have)", other, weighted / other);
            }
            out.println();
            out.printf(Locale.ROOT, "peak: %.1f GFLOP/s at %d %s (FMA, float32)%n", peak, threads, threads == 1 ? "thread" : "threads");
            out.flush();
        }
    }

    /**
     * Progress on stderr. On a terminal one line is rewritten in place (shape and status) and wiped
     * before the table row is printed; otherwise, as in a log, each shape gets one line as it starts.
     */
    private static final class Progress {
        private final PrintWriter err;
        private final boolean terminal;

        Progress(PrintWriter err) {
            this.err = err;
            this.terminal = System.console() != null && System.console().isTerminal();
        }

        void start(String task) {
            if (terminal) {
                status(task, "planning");
            } else {
                err.println(task);
                err.flush();
            }
        }

        void status(String task, String status) {
            if (terminal) {
                err.print("\r" + task + ": " + status + "\u001b[K");
                err.flush();
            }
        }

        void clear() {
            if (terminal) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
