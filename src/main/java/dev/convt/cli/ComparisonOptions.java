package dev.convt.cli;

import dev.convt.bench.PeakCache;
import dev.convt.bench.ResultFiles;
import dev.convt.bench.ResultSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options that {@code bench} and {@code bench-chart} share: the result set to compare with and the peak cache. */
final class ComparisonOptions {
    @Option(names = "--compare", paramLabel = "OTHER.json",
            description = "Another result set to show beside, with the ratio per shape: convt bench --json, JMH -rf json "
                    + "or torch_bench.py --out output.")
    Path compare;

    @Option(names = "--compare-variant", paramLabel = "KEY",
            description = "Which torch_bench variant of --compare to use, such as onednn-1T (default: the only one, or onednn-<threads>T).")
    String compareVariant;

    @Option(names = "--peak-cache", defaultValue = PeakCache.DEFAULT_FILE, paramLabel = "FILE",
            description = "Where the measured FMA peak is kept (default: ${DEFAULT-VALUE}).")
    Path peakCache;

    /** The --compare results, taking {@code threads} from a file that holds several; {@code null} without --compare. */
    ResultSet readComparison(Integer threads) {
        return compare == null ? null : ResultFiles.read(compare, compareVariant, threads);
    }

    /** The peak cache, with its notes (measuring now, cannot write) going to {@code err}. */
    PeakCache peakCache(PrintWriter err) {
        return new PeakCache(peakCache, note -> err.println("note: " + note));
    }
}
