package dev.convt.verify;

import dev.convt.Tensor;
import dev.convt.reference.ZeroInterpolationReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a (failing) {@link ConvCase} into files and the {@code scripts/convt run} command line
 * that reproduces it outside the property machinery: the input, weight and bias as .npy files,
 * plus the reference's output to compare {@code convt run}'s result with.
 */
public final class CaseFiles {
    public static final String INPUT = "x.npy";
    public static final String WEIGHT = "w.npy";
    public static final String BIAS = "b.npy";
    public static final String OUTPUT = "y.npy";
    public static final String REFERENCE_OUTPUT = "y_reference.npy";

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=,+-]+");

    private CaseFiles() {
    }

    /** Writes one tensor to a file in some format (the .npy writer of the command-line tool). */
    @FunctionalInterface
    public interface TensorWriter {
        void write(Path file, Tensor tensor) throws IOException;
    }

    /**
     * Writes the case's {@link #INPUT}, {@link #WEIGHT}, {@link #BIAS} (when it has one) and
     * {@link #REFERENCE_OUTPUT} into {@code folder} (created if missing), in the case's dtype.
     *
     * @return the command line that runs the case on those files, writing {@link #OUTPUT}
     */
    public static String write(ConvCase c, Path folder, TensorWriter writer) throws IOException {
        Files.createDirectories(folder);
        ConvCase.Data data = c.data();
        writer.write(folder.resolve(INPUT), c.inputTensor(data));
        writer.write(folder.resolve(WEIGHT), c.weightTensor(data));
        Tensor bias = c.biasTensor(data);
        if (bias != null) {
            writer.write(folder.resolve(BIAS), bias);
        }
        double[] expected = ZeroInterpolationReference.forward(c.problem(), data.x(), data.w(), data.b());
        writer.write(folder.resolve(REFERENCE_OUTPUT), Tensor.fromDoubles(c.dtype(), expected, c.outputShape()));
        return runCommand(c, folder);
    }

    /**
     * {@code scripts/convt run --input F/x.npy --weight F/w.npy [--bias F/b.npy] --stride SH,SW
     * --padding T,L,B,R --output-padding PH,PW --dilation DH,DW --groups G --output F/y.npy}.
     */
    public static String runCommand(ConvCase c, Path folder) {
        List<String> words = new ArrayList<>(List.of("scripts/convt", "run",
                "--input", folder.resolve(INPUT).toString(),
                "--weight", folder.resolve(WEIGHT).toString()));
        if (c.bias()) {
            words.addAll(List.of("--bias", folder.resolve(BIAS).toString()));
        }
        words.addAll(List.of(
                "--stride", c.strideH() + "," + c.strideW(),
                "--padding", c.padTop() + "," + c.padLeft() + "," + c.padBottom() + "," + c.padRight(),
                "--output-padding", c.outputPaddingH() + "," + c.outputPaddingW(),
                "--dilation", c.dilationH() + "," + c.dilationW(),
                "--groups", Integer.toString(c.groups()),
                "--output", folder.resolve(OUTPUT).toString()));
        return words.stream().map(CaseFiles::shellQuoted).collect(Collectors.joining(" "));
    }

    private static String shellQuoted(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
