package dev.convt.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A convt subcommand: {@code --help}, {@code --version} and the help layout come from here.
 * Whatever goes wrong while it runs, bad input or a bug, ends as one line on stderr and exit
 * status 1, never a stack trace; this holds on a plain {@code new CommandLine(new ConvtCli())} too.
 * Subcommands implement {@link #execute()}.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = ConvtCli.Version.class, sortOptions = false,
        usageHelpWidth = ConvtCli.HELP_WIDTH)
abstract class ConvtCommand implements Callable<Integer> {
    /** Exit status of a command that ran and failed (2 is picocli's, for bad options). */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    /** Runs the command; returns its exit status. */
    abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (ParameterException e) {
            throw e; // a bad option value: picocli's handler reports it (exit status 2)
        } catch (Exception | Error e) {
            return failed(Failures.describe(e));
        }
    }

    /** Reports a failure as the one line on stderr; returns the exit status for it. */
    int failed(String message) {
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
        return FAILED;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
