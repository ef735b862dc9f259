package dev.convt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the command line: exit status and what it printed. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} on a plain picocli command line, as the project's tests and embedders do. */
    static CliRun of(String... args) {
        return on(new CommandLine(new ConvtCli()), args);
    }

    /** Runs {@code args} on the command line {@code main} uses (one-line parse errors). */
    static CliRun asMain(String... args) {
        return on(ConvtCli.commandLine(), args);
    }

    private static CliRun on(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Asserts success and no stderr. */
    CliRun succeeded() {
        assertEquals(0, exitCode, () -> "stderr: " + err);
        assertEquals("", err);
        return this;
    }

    /** Asserts a non-zero exit with exactly one line on stderr containing {@code expected}; returns that line. */
    String failedWith(String expected) {
        assertNotEquals(0, exitCode, () -> "should fail; stdout: " + out);
        String line = err.stripTrailing();
        assertTrue(!line.isEmpty() && !line.contains("\n") && !line.contains("\r"), () -> "one line on stderr, got: " + err);
        assertTrue(line.contains(expected), () -> "stderr '" + line + "' should contain '" + expected + "'");
        assertTrue(!line.contains("\tat ") && !line.contains("Exception:"), () -> "no stack trace or exception name: " + line);
        return line;
    }
}
