package dev.convt.cli;

import dev.convt.DType;
import dev.convt.InvalidParameterException;
import dev.convt.io.Npy;
import dev.convt.verify.CaseFiles;
import dev.convt.verify.CaseSpace;
import dev.convt.verify.ConvCase;
import dev.convt.verify.EngineChecks;
import dev.convt.verify.VerifyRunner;
import dev.convt.verify.VerifyRunner.PropertyOutcome;
import dev.convt.verify.VerifyRunner.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code convt verify}: runs the engine-against-reference properties (the ones the test suite
 * runs, on the same case generators) with as many tries as asked, and on a failure writes the
 * shrunk case as .npy files with the {@code convt run} command line that reproduces it.
 */
@Command(name = "verify",
        description = {
            "Checks the engine against the zero-interpolation reference on random cases.",
            "Every kernel path is compared with the reference; 1, 2 and several threads must give bitwise",
            "equal results, one plan the same result to concurrent callers, and the vector paths the same",
            "bits as the scalar one.",
            "On a failure it prints the smallest failing case jqwik shrank to, writes its input, weight, bias and",
            "reference output as .npy files, prints the `convt run` command for them and the seed, and exits 1."
        })
public final class VerifyCommand extends ConvtCommand {
    private static final int BAR_WIDTH = 40;

    @Option(names = "--tries", defaultValue = "200", paramLabel = "N",
            description = "Random cases per property (default: ${DEFAULT-VALUE}).")
    int tries;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed for the case generator; the same seed and options give the same cases (default: random).")
    Long seed;

    @Option(names = "--max-size", defaultValue = "8", paramLabel = "N",
            description = "Largest input height and width (default: ${DEFAULT-VALUE}); kernels go up to 7x7.")
    int maxSize;

    @Option(names = "--max-channels", defaultValue = "40", paramLabel = "C",
            description = "Most input and output channels over all groups (default: ${DEFAULT-VALUE}).")
    int maxChannels;

    @Option(names = "--dtype", defaultValue = "both", paramLabel = "TYPE",
            description = "float32, float64 or both (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--groups-only", description = "Only cases with groups > 1.")
    boolean groupsOnly;

    @Option(names = "--depthwise-only", description = "Only depthwise cases (one input channel per group).")
    boolean depthwiseOnly;

    @Option(names = "--out", defaultValue = "out/verify-failure", paramLabel = "DIR",
            description = "Where a failing case's .npy files go (default: ${DEFAULT-VALUE}).")
    Path out;

    private final CaseFiles.TensorWriter tensorWriter;
    private final Class<?> propertiesClass;

    /** The command-line tool's command: failing cases are written as .npy files. */
    public VerifyCommand() {
        this(Npy::write);
    }

    /** @param tensorWriter writes a failing case's tensors (the command-line tool's .npy writer) */
    public VerifyCommand(CaseFiles.TensorWriter tensorWriter) {
        this(tensorWriter, EngineChecks.class);
    }

    /** Runs other properties than {@link EngineChecks}: for testing the command itself. */
    VerifyCommand(CaseFiles.TensorWriter tensorWriter, Class<?> propertiesClass) {
        this.tensorWriter = tensorWriter;
        this.propertiesClass = propertiesClass;
    }

    @Override
    int execute() throws IOException {
        CaseSpace space = caseSpace();
        long runSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        stdout.println("convt verify: " + tries + " tries per property, seed " + runSeed);
        stdout.println("cases: " + space.describe());
        stdout.flush();

        ProgressBar bar = new ProgressBar(stderr);
        Summary summary = VerifyRunner.run(propertiesClass, new VerifyRunner.Settings(tries, runSeed, space), bar::update);
        bar.finish();

        for (PropertyOutcome outcome : summary.outcomes()) {
            stdout.printf("%-7s %-40s %6d tries%n", outcome.passed() ? "passed" : "FAILED", outcome.property(), outcome.tries());
        }
        stdout.println("cases checked: " + summary.checks() + " (shrinking included)");
        if (summary.worstCase() != null) {
            stdout.printf("worst error against the reference: %.3g of the tolerance, at %s%n", summary.worstRatio(), summary.worstCase());
        }
        stdout.println("covered:");
        summary.coverage().forEach(line -> stdout.println("  " + line));
        if (summary.passed()) {
            stdout.flush();
            return 0;
        }
        for (PropertyOutcome failure : summary.outcomes()) {
            if (!failure.passed()) {
                reportFailure(stdout, failure, runSeed, space.dtype());
            }
        }
        stdout.flush();
        return FAILED;
    }

    private void reportFailure(PrintWriter stdout, PropertyOutcome failure, long runSeed, DType only) throws IOException {
        stdout.println();
        stdout.println("FAILED " + failure.property() + ": " + failure.message());
        stdout.println("reproduce the run:  scripts/convt verify " + String.join(" ", rerunArguments(runSeed, only)));
        ConvCase c = failure.failingCase();
        if (c == null) {
            return;
        }
        stdout.println("smallest failing case: " + c);
        Path folder = out.resolve(failure.property());
        String command = CaseFiles.write(c, folder, tensorWriter);
        stdout.println("reproduce the case: " + command);
        stdout.println("  (the reference's output for it is " + folder.resolve(CaseFiles.REFERENCE_OUTPUT) + ")");
    }

    /** The cases the options ask for; a bad option is a one-line error naming the flag. */
    private CaseSpace caseSpace() {
        requireAtLeast("--tries", tries, 1, "");
        requireAtLeast("--max-size", maxSize, 1, "");
        requireAtLeast("--max-channels", maxChannels, groupsOnly || depthwiseOnly ? 2 : 1,
                groupsOnly || depthwiseOnly ? " with --groups-only or --depthwise-only" : "");
        DType only;
        try {
            only = CaseSpace.parseDType(dtype);
        } catch (InvalidParameterException e) {
            throw new ParameterException(spec.commandLine(), "--dtype = " + dtype + ": " + e.rule());
        }
        return CaseSpace.defaults().withMaxSize(maxSize).withMaxChannels(maxChannels)
                .withDType(only).withGroupedOnly(groupsOnly).withDepthwiseOnly(depthwiseOnly);
    }

    private void requireAtLeast(String option, int value, int least, String condition) {
        if (value < least) {
            throw new ParameterException(spec.commandLine(), option + " = " + value + ": must be >= " + least + condition);
        }
    }

    /** The options of this run with its seed, so that the same cases come up again; {@code only}: the dtype asked for, if one. */
    private List<String> rerunArguments(long runSeed, DType only) {
        List<String> arguments = new ArrayList<>(List.of("--seed", Long.toString(runSeed), "--tries", Integer.toString(tries),
                "--max-size", Integer.toString(maxSize), "--max-channels", Integer.toString(maxChannels)));
        if (only != null) {
            arguments.addAll(List.of("--dtype", only.toString()));
        }
        if (groupsOnly) {
            arguments.add("--groups-only");
        }
        if (depthwiseOnly) {
            arguments.add("--depthwise-only");
        }
        return arguments;
    }

    /** A one-line bar on stderr, redrawn only when a whole percent more is done. */
    private static final class ProgressBar {
        private final PrintWriter stderr;
        private int shownPercent = -1;

        ProgressBar(PrintWriter stderr) {
            this.stderr = stderr;
        }

        synchronized void update(long done, long expected) {
            int percent = expected <= 0 ? 0 : (int) Math.min(100, 100 * done / expected);
            if (percent == shownPercent) {
                return;
            }
            shownPercent = percent;
            int filled = percent * BAR_WIDTH / 100;
            stderr.print("\r[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + percent + "% of about "
                    + expected + " cases");
            stderr.flush();
        }

        synchronized void finish() {
            if (shownPercent >= 0) {
                stderr.println();
                stderr.flush();
            }
        }
    }
}
