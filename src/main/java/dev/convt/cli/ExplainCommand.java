package dev.convt.cli;

import dev.convt.Axis;
import dev.convt.InvalidParameterException;
import dev.convt.cli.Walkthrough.Cell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convt explain}: the reference's three steps on a small example, as text and optionally as a PNG. */
@Command(name = "explain",
        header = "Show, step by step, how a transposed convolution computes a small example.",
        description = {
            "Shows how a transposed convolution computes its output, on a small single-channel example with "
                    + "input 1, 2, 3, ... and kernel 1, 2, 3, ...: the input, the input with zeros inserted between "
                    + "its pixels and padded, the flipped kernel, and the output. The grids come from the reference "
                    + "implementation's own steps; the output is also checked against the engine.",
            ""},
        footer = {
            "",
            "Output size: (in-1)*stride - pad_begin - pad_end + dilation*(kernel-1) + output_padding + 1",
            "",
            "Example: convt explain --size 2 --kernel 4 --stride 2 --padding 1 --png explain.png"})
final class ExplainCommand extends ConvtCommand {
    static final String INSERTED_ZERO_MARK = ".";
    static final String PADDING_MARK = "_";

    @Option(names = "--size", paramLabel = "N", defaultValue = "3", description = "Input is N x N, 1 to 10. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--kernel", paramLabel = "K", defaultValue = "3", description = "Kernel is K x K, 1 to 7. Default: ${DEFAULT-VALUE}.")
    int kernel;

    @Option(names = "--stride", paramLabel = "S", defaultValue = "2", description = "Stride. Default: ${DEFAULT-VALUE}.")
    int stride;

    @Option(names = "--padding", paramLabel = "P", defaultValue = "1", description = "Padding on every side. Default: ${DEFAULT-VALUE}.")
    int padding;

    @Option(names = "--output-padding", paramLabel = "OP", defaultValue = "0",
            description = "Extra rows/columns at the bottom/right. Default: ${DEFAULT-VALUE}.")
    int outputPadding;

    @Option(names = "--dilation", paramLabel = "D", defaultValue = "1", description = "Spacing between kernel taps. Default: ${DEFAULT-VALUE}.")
    int dilation;

    @Option(names = "--png", paramLabel = "FILE", description = "Also draw the example as one PNG picture.")
    Path png;

    @Override
    int execute() throws Exception {
        if (size < 1 || size > 10) {
            throw new InvalidParameterException("--size", size, "must be from 1 to 10 (explain draws small examples)");
        }
        if (kernel < 1 || kernel > 7) {
            throw new InvalidParameterException("--kernel", kernel, "must be from 1 to 7 (explain draws small examples)");
        }
        Walkthrough walkthrough = Walkthrough.of(size, kernel, stride, padding, outputPadding, dilation);
        for (String line : text(walkthrough)) {
            out().println(line);
        }
        if (png != null) {
            Drawing.writePng(WalkthroughPicture.draw(walkthrough), png);
            out().println("wrote " + png);
        }
        double difference = walkthrough.engineDifference();
        return difference == 0 ? 0 : failed("the engine's output differs from the reference's by up to " + difference);
    }

    /** The walkthrough as terminal lines (ASCII only, so that any terminal shows it). */
    static List<String> text(Walkthrough w) {
        Axis axis = w.axis();
        int n = w.prepared().length;
        int width = cellWidth(w);
        List<String> lines = new ArrayList<>();
        lines.add("Transposed convolution, step by step: " + w.parameters());
        lines.add("");
        lines.add("input (" + axis.input() + "x" + axis.input() + ")");
        lines.addAll(grid(w.input(), null, width));
        lines.add("");
        long interpolated = Walkthrough.interpolatedSize(axis.input(), axis.stride());
        lines.add("step 1: insert stride-1 = " + (axis.stride() - 1) + " zero(s) between neighbouring pixels -> "
                + interpolated + "x" + interpolated);
        lines.add("step 2: " + paddingSentence(w) + " -> " + n + "x" + n);
        lines.addAll(grid(w.prepared(), w.cells(), width));
        lines.add("  number: input pixel    " + INSERTED_ZERO_MARK + " inserted zero (step 1)    "
                + PADDING_MARK + " padding zero (step 2)");
        lines.add("");
        lines.add("step 3: flip the kernel (rotate it 180 degrees) and slide it over that grid, stride 1"
                + (axis.dilation() > 1 ? ", its taps " + axis.dilation() + " cells apart (dilation)" : "") + ";");
        lines.add("        each output value is the sum of grid * flipped kernel under it");
        List<String> kernel = grid(w.kernel(), null, width);
        List<String> flipped = grid(w.flippedKernel(), null, width);
        int kernelWidth = kernel.getFirst().length();
        lines.add(pad("kernel", kernelWidth + 4) + "flipped kernel");
        for (int r = 0; r < kernel.size(); r++) {
            lines.add(pad(kernel.get(r), kernelWidth + 4) + flipped.get(r));
        }
        lines.add("");
        lines.add("output (" + axis.output() + "x" + axis.output() + ")");
        lines.addAll(grid(w.output(), null, width));
        lines.add("");
        lines.add("output size = (in-1)*stride - pad_begin - pad_end + dilation*(kernel-1) + output_padding + 1");
        lines.add("            = " + w.outputSizeArithmetic());
        double difference = w.engineDifference();
        lines.add(difference == 0
                ? "engine agrees: the Vector API engine computes the same output"
                : "ENGINE DISAGREES with the reference: largest difference " + difference);
        return lines;
    }

    private static String paddingSentence(Walkthrough w) {
        Axis axis = w.axis();
        String amount = "dilation*(kernel-1) - padding = " + axis.dilation() + "*(" + axis.kernel() + "-1) - "
                + axis.padBegin() + " = " + w.padBefore();
        String sides = w.padAfter() == w.padBefore()
                ? " on every side"
                : " at the top and left, " + w.padAfter() + " at the bottom and right (" + w.padBefore()
                        + " + output_padding " + axis.outputPadding() + ")";
        String crop = w.padBefore() < 0 || w.padAfter() < 0 ? " (a negative amount removes rows and columns)" : "";
        return "pad by " + amount + sides + crop;
    }

    private static int cellWidth(Walkthrough w) {
        int widest = 1;
        for (double[][] grid : List.of(w.input(), w.kernel(), w.output())) {
            for (double[] row : grid) {
                for (double value : row) {
                    widest = Math.max(widest, Drawing.number(value).length());
                }
            }
        }
        return widest + 2;
    }

    /** Rows of right-aligned cells; with {@code cells}, zeros that are not input pixels show as marks. */
    private static List<String> grid(double[][] values, Cell[][] cells, int width) {
        List<String> rows = new ArrayList<>();
        for (int r = 0; r < values.length; r++) {
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < values[r].length; c++) {
                String label = cells == null ? Drawing.number(values[r][c]) : switch (cells[r][c]) {
                    case VALUE -> Drawing.number(values[r][c]);
                    case INSERTED_ZERO -> INSERTED_ZERO_MARK;
                    case PADDING -> PADDING_MARK;
                };
                row.append(" ".repeat(width - label.length())).append(label);
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(1, width - text.length()));
    }
}
