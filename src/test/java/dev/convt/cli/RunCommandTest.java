package dev.convt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.AutoPad;
import dev.convt.ConvTranspose2d;
import dev.convt.ConvTransposeProblem;
import dev.convt.DType;
import dev.convt.Tensor;
import dev.convt.io.Npy;
import dev.convt.reference.ZeroInterpolationReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunCommandTest {
    @TempDir
    Path dir;
    private Path x;
    private Path w;
    private Path b;
    private Path y;
    private final Random random = new Random(42);

    @BeforeEach
    void writeInputs() throws IOException {
        // x (2, 4, 5, 6); weights for groups = 2: (4, 3, 3, 2) -> C_out = 6
        x = save("x.npy", random(DType.FLOAT32, 2, 4, 5, 6));
        w = save("w.npy", random(DType.FLOAT32, 4, 3, 3, 2));
        b = save("b.npy", random(DType.FLOAT32, 6));
        y = dir.resolve("y.npy");
    }

    private Tensor random(DType dtype, int... shape) {
        double[] values = new double[Math.toIntExact(Tensor.elementCount("shape", shape))];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Tensor.fromDoubles(dtype, values, shape);
    }

    private Path save(String name, Tensor tensor) throws IOException {
        Path file = dir.resolve(name);
        Npy.write(file, tensor);
        return file;
    }

    private static double[] reference(ConvTranspose2d convolution, Path x, Path w, Path b) throws IOException {
        Tensor input = Npy.read(x);
        ConvTransposeProblem problem = convolution.resolve(input.shape());
        return ZeroInterpolationReference.forward(problem, input.toDoubleArray(), Npy.read(w).toDoubleArray(),
                b == null ? null : Npy.read(b).toDoubleArray());
    }

    private static void assertClose(double[] expected, Tensor actual, double tolerance) {
        double[] values = actual.toDoubleArray();
        assertEquals(expected.length, values.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], values[i], tolerance * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::getFileName).toList();
        }
    }

    /** Runs {@code args}, expects the failure, and checks that nothing was written: no output, no temporary file. */
    private void assertFails(String expected, String... args) throws IOException {
        List<Path> before = filesInDir();
        CliRun.of(args).failedWith(expected);
        assertFalse(Files.exists(y), "no output file after a failure");
        assertEquals(before, filesInDir(), "a failed run leaves the folder as it was");
    }

    @Test
    void matchesTheReferenceWithEveryParameterPerAxis() throws IOException {
        CliRun run = CliRun.of("run", "--input", x.toString(), "--weight", w.toString(), "--bias", b.toString(),
                "--stride", "2,3", "--padding", "1,0,2,1", "--output-padding", "1,2", "--dilation", "2,1", "--groups", "2",
                "--threads", "2", "--output", y.toString()).succeeded();
        ConvTranspose2d convolution = ConvTranspose2d.builder(4, 6, 3, 2).stride(2, 3).padding(1, 0, 2, 1)
                .outputPadding(1, 2).dilation(2, 1).groups(2).build();
        Tensor output = Npy.read(y);
        assertEquals(DType.FLOAT32, output.dtype());
        assertArrayEquals(convolution.outputShape(2, 4, 5, 6), output.shape());
        assertClose(reference(convolution, x, w, b), output, 1e-5);
        assertTrue(run.out().contains("wrote " + y), run.out());
        assertEquals(List.of(Path.of("b.npy"), Path.of("w.npy"), Path.of("x.npy"), Path.of("y.npy")),
                filesInDir().stream().sorted().toList(), "no temporary file left behind");
    }

    @Test
    void outputHasTheInputsDtype() throws IOException {
        Path x64 = save("x2.npy", random(DType.FLOAT64, 1, 4, 3, 3));
        CliRun.of("run", "--input", x64.toString(), "--weight", w.toString(), "--groups", "2", "--output", y.toString()).succeeded();
        Tensor output = Npy.read(y);
        assertEquals(DType.FLOAT64, output.dtype());
        ConvTranspose2d convolution = ConvTranspose2d.builder(4, 6, 3, 2).groups(2).bias(false).build();
        assertClose(reference(convolution, x64, w, null), output, 1e-12);
    }

    /**
     * Runs x with a (4, 2, 3, 3) weight and {@code options}; the output must have the shape and
     * values of {@code expected}, the same convolution built through the API.
     */
    private void assertRunMatches(ConvTranspose2d.Builder expected, String... options) throws IOException {
        Path weight = save("w2.npy", random(DType.FLOAT32, 4, 2, 3, 3));
        String[] args = Stream.concat(Stream.of("run", "--input", x.toString(), "--weight", weight.toString(), "--output", y.toString()),
                Stream.of(options)).toArray(String[]::new);
        CliRun.of(args).succeeded();
        ConvTranspose2d convolution = expected.bias(false).build();
        Tensor output = Npy.read(y);
        assertArrayEquals(convolution.outputShape(2, 4, 5, 6), output.shape());
        assertClose(reference(convolution, x, weight, null), output, 1e-5);
    }

    @Test
    void outputSizeIsPytorchOutputSizeWithoutAutoPad() throws IOException {
        assertRunMatches(ConvTranspose2d.builder(4, 2, 3).stride(2).padding(1).outputSize(10, 12),
                "--stride", "2", "--padding", "1", "--output-size", "10,12");
    }

    @Test
    void outputSizeIsOnnxOutputShapeWithSameAutoPad() throws IOException {
        assertRunMatches(ConvTranspose2d.builder(4, 2, 3).stride(2).autoPad(AutoPad.SAME_LOWER).outputShape(11, 9),
                "--stride", "2", "--auto-pad", "same_lower", "--output-size", "11,9");
    }

    @Test
    void autoPadSameUpperDoublesTheSize() throws IOException {
        assertRunMatches(ConvTranspose2d.builder(4, 2, 3).stride(2).autoPad(AutoPad.SAME_UPPER), "--stride", "2", "--auto-pad", "SAME_UPPER");
        assertArrayEquals(new int[] {2, 2, 10, 12}, Npy.read(y).shape());
    }

    @Test
    void outputShapeIsOnnxOutputShape() throws IOException {
        assertRunMatches(ConvTranspose2d.builder(4, 2, 3).stride(2).outputShape(12, 14), "--stride", "2", "--output-shape", "12,14");
    }

    @Test
    void replacesAnExistingOutputFile() throws IOException {
        Files.writeString(y, "old contents");
        CliRun.of("run", "--input", x.toString(), "--weight", w.toString(), "--groups", "2", "--output", y.toString()).succeeded();
        assertArrayEquals(new int[] {2, 6, 7, 7}, Npy.read(y).shape());
    }

    // ---- invalid input: non-zero exit, one line on stderr, no output

    /** The valid run of the set-up with {@code extra} options added. */
    private String[] runWith(String... extra) {
        return Stream.concat(Stream.of("run", "--input", x.toString(), "--weight", w.toString(), "--groups", "2",
                "--output", y.toString()), Stream.of(extra)).toArray(String[]::new);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            stride_h = 0: must be >= 1                                  | --stride 0
            stride_w = 0: must be >= 1                                  | --stride 1,0
            --stride = two: must be S or SH,SW with whole numbers       | --stride two
            --stride = 1,2,3: must be S or SH,SW (3 value(s) given)     | --stride 1,2,3
            --padding = 1,2,3: must be P, PH,PW or TOP,LEFT,BOTTOM,RIGHT | --padding 1,2,3
            padding_top = -1: must be >= 0                              | --padding -1
            padding_right = -2: must be >= 0                            | --padding 0,0,0,-2
            dilation_h = 0: must be >= 1                                | --dilation 0
            output_padding_w = 2: must be smaller than stride_w = 2     | --stride 2 --output-padding 1,2
            output_size_h = 30: no output_padding reaches it            | --stride 2 --output-size 30,30
            --output-size = 7,7,7: must be H,W                          | --output-size 7,7,7
            must not be given together with --output-shape              | --output-size 7,7 --output-shape 7,7
            auto_pad = same: must be one of notset, same_upper          | --auto-pad same
            must not be given together with auto_pad = VALID            | --auto-pad valid --padding 1
            threads = 0: must be >= 1                                   | --threads 0
            """)
    void rejectsBadOptionValues(String expected, String options) throws IOException {
        assertFails(expected.strip(), runWith(options.strip().split(" ")));
    }

    @Test
    void rejectsAWeightThatDoesNotMatchTheInput() throws IOException {
        Path wrong = save("w2.npy", random(DType.FLOAT32, 3, 2, 3, 3));
        assertFails("input channels = 4: must equal the weight's first dimension, C_in = 3",
                "run", "--input", x.toString(), "--weight", wrong.toString(), "--output", y.toString());
    }

    @Test
    void rejectsAWeightOfTheWrongRank() throws IOException {
        Path wrong = save("w2.npy", random(DType.FLOAT32, 4, 2, 3));
        assertFails("must have rank 4 (C_in, C_out/groups, kH, kW)",
                "run", "--input", x.toString(), "--weight", wrong.toString(), "--output", y.toString());
    }

    @Test
    void rejectsGroupsThatDoNotDivideTheChannels() throws IOException {
        assertFails("in_channels = 4: must be divisible by groups = 3",
                "run", "--input", x.toString(), "--weight", w.toString(), "--groups", "3", "--output", y.toString());
    }

    @Test
    void rejectsABiasOfTheWrongShape() throws IOException {
        Path wrong = save("b2.npy", random(DType.FLOAT32, 5));
        assertFails("bias shape = [5]: must be (out_channels) = [6]", runWith("--bias", wrong.toString()));
    }

    /** A valid .npy file of {@code tensor} with one header field changed, as numpy writes it for other arrays. */
    private Path withHeaderChanged(String name, Tensor tensor, String field, String replacement) throws IOException {
        String bytes = new String(Npy.toBytes(tensor), StandardCharsets.ISO_8859_1);
        assertEquals(field.length(), replacement.length(), "keeps the header length");
        Path file = dir.resolve(name);
        Files.write(file, bytes.replace(field, replacement).getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    @Test
    void rejectsFortranOrderInput() throws IOException {
        Path file = withHeaderChanged("fortran.npy", random(DType.FLOAT32, 2, 4, 5, 6), "'fortran_order': False", "'fortran_order': True ");
        assertFails(file + ": Fortran-order arrays are not supported",
                "run", "--input", file.toString(), "--weight", w.toString(), "--groups", "2", "--output", y.toString());
    }

    @Test
    void rejectsIntegerInput() throws IOException {
        Path file = withHeaderChanged("int.npy", random(DType.FLOAT32, 2, 4, 5, 6), "'<f4'", "'<i4'");
        assertFails("unsupported dtype '<i4'",
                "run", "--input", file.toString(), "--weight", w.toString(), "--groups", "2", "--output", y.toString());
    }

    @Test
    void rejectsAFileThatIsNotNpy() throws IOException {
        Path file = dir.resolve("table.npy");
        Files.writeString(file, "x,y\n1,2\n");
        assertFails("not a .npy file",
                "run", "--input", file.toString(), "--weight", w.toString(), "--output", y.toString());
    }

    @Test
    void rejectsAMissingFile() throws IOException {
        Path missing = dir.resolve("missing.npy");
        assertFails(missing + ": no such file or directory",
                "run", "--input", missing.toString(), "--weight", w.toString(), "--output", y.toString());
    }

    @Test
    void rejectsAnOutputFolderThatDoesNotExist() throws IOException {
        Path nowhere = dir.resolve("no-such-folder").resolve("y.npy");
        assertFails("the output directory does not exist",
                "run", "--input", x.toString(), "--weight", w.toString(), "--groups", "2", "--output", nowhere.toString());
        assertFalse(Files.exists(nowhere.getParent()));
    }

    @Test
    void parseErrorsAreOneLineOnTheMainCommandLine() throws IOException {
        CliRun unknown = CliRun.asMain("run", "--input", x.toString(), "--weight", w.toString(), "--output", y.toString(), "--strides", "2");
        unknown.failedWith("Unknown options: '--strides', '2'");
        assertEquals(2, unknown.exitCode());
        CliRun.asMain("run", "--input", x.toString(), "--output", y.toString()).failedWith("Missing required option: '--weight=W.npy'");
        CliRun.asMain("run", "--input", x.toString(), "--weight", w.toString(), "--output", y.toString(), "--groups", "two")
                .failedWith("'two' is not an int");
        CliRun.asMain().failedWith("name a command");
    }

    @Test
    void helpDocumentsEveryFlagAndTheFormula() {
        String help = CliRun.of("run", "--help").succeeded().out();
        for (String flag : List.of("--input", "--weight", "--bias", "--stride", "--padding", "--output-padding", "--dilation",
                "--groups", "--output-size", "--output-shape", "--auto-pad", "--threads", "--output")) {
            assertTrue(help.contains(flag), flag);
        }
        assertTrue(help.contains("(in-1)*stride - pad_begin - pad_end + dilation*(kernel-1) + output_padding + 1"), help);
        assertTrue(help.contains("TOP,LEFT,BOTTOM,RIGHT"), help);
    }

    @Test
    void topLevelHelpListsTheCommands() {
        String help = CliRun.of("--help").succeeded().out();
        for (String command : List.of("run", "explain", "demo")) {
            assertTrue(help.contains("  " + command + " "), help);
        }
    }
}
