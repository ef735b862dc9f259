package dev.convt.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code convt} command: transposed convolution on .npy files, a drawn explanation, and a
 * DCGAN demo. {@link #main} is what {@code scripts/convt} runs.
 */
@Command(name = "convt",
        mixinStandardHelpOptions = true,
        versionProvider = ConvtCli.Version.class,
        usageHelpWidth = ConvtCli.HELP_WIDTH,
        description = "2-D transposed convolution (PyTorch ConvTranspose2d, ONNX ConvTranspose) on the CPU, "
                + "vectorized with the Java Vector API.",
        footer = {
            "",
            "Output size per axis: (in-1)*stride - pad_begin - pad_end + dilation*(kernel-1) + output_padding + 1",
            "",
            "See 'convt COMMAND --help' for a command's options, e.g. convt run --help."},
        subcommands = {
            RunCommand.class,
            ExplainCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            ChartCommand.class,
            VerifyCommand.class,
            HelpCommand.class,
        })
public final class ConvtCli implements Runnable {
    /** Wide enough for the output-size formula on one line. */
    static final int HELP_WIDTH = 100;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: run, explain, demo, bench, bench-chart or verify");
    }

    /**
     * A command line whose parse errors (unknown option, missing value, a value that is not a
     * number) print one line instead of picocli's message followed by the whole usage text.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ConvtCli());
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + Failures.oneLine(e.getMessage())
                    + " (see " + failed.getCommandSpec().qualifiedName() + " --help)");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The version Maven recorded in the jar; a build from the class folder has none. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            try (InputStream in = ConvtCli.class.getResourceAsStream("/META-INF/maven/dev.convt/convt/pom.properties")) {
                if (in == null) {
                    return new String[] {"convt (development build)"};
                }
                Properties properties = new Properties();
                properties.load(in);
                return new String[] {"convt " + properties.getProperty("version")};
            }
        }
    }
}
