package dev.convt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.InvalidParameterException;
import dev.convt.cli.Walkthrough.Cell;
import dev.convt.reference.ZeroInterpolationReference;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WalkthroughTest {
    private static final Walkthrough DEFAULT = Walkthrough.of(3, 3, 2, 1, 0, 1);

    /** The grid as letters: V input pixel, z inserted zero, p padding. */
    private static List<String> letters(Cell[][] cells) {
        return java.util.Arrays.stream(cells).map(row -> {
            StringBuilder text = new StringBuilder();
            for (Cell cell : row) {
                text.append(switch (cell) {
                    case VALUE -> 'V';
                    case INSERTED_ZERO -> 'z';
                    case PADDING -> 'p';
                });
            }
            return text.toString();
        }).toList();
    }

    @Test
    void defaultExampleMarksPixelsInsertedZerosAndPadding() {
        assertEquals(List.of(
                "ppppppp",
                "pVzVzVp",
                "pzzzzzp",
                "pVzVzVp",
                "pzzzzzp",
                "pVzVzVp",
                "ppppppp"), letters(DEFAULT.cells()));
        assertEquals(1, DEFAULT.padBefore());
        assertEquals(1, DEFAULT.padAfter());
        assertArrayEquals(new double[] {0, 4, 0, 5, 0, 6, 0}, DEFAULT.prepared()[3]);
    }

    @Test
    void defaultExampleGivesTheOutputWorkedOutByHand() {
        // e.g. output (1, 1): pixels 1, 2, 4, 5 under flipped-kernel taps 9, 7, 3, 1: 9 + 14 + 12 + 5 = 40
        double[][] expected = {
            {5, 14, 10, 24, 15},
            {16, 40, 26, 60, 36},
            {20, 44, 25, 54, 30},
            {46, 100, 56, 120, 66},
            {35, 74, 40, 84, 45},
        };
        assertArrayEquals(expected, DEFAULT.output());
        assertArrayEquals(new double[][] {{9, 8, 7}, {6, 5, 4}, {3, 2, 1}}, DEFAULT.flippedKernel());
        assertEquals(0, DEFAULT.engineDifference());
        assertEquals("(3-1)*2 - 1 - 1 + 1*(3-1) + 0 + 1 = 5", DEFAULT.outputSizeArithmetic());
    }

    @Test
    void outputPaddingAddsPaddingAtTheBottomAndRightOnly() {
        Walkthrough w = Walkthrough.of(2, 3, 2, 1, 1, 1);
        assertEquals(List.of(
                "pppppp",
                "pVzVpp",
                "pzzzpp",
                "pVzVpp",
                "pppppp",
                "pppppp"), letters(w.cells()));
        assertEquals(2, w.padAfter());
    }

    @Test
    void paddingBeyondTheKernelCropsInsteadOfPadding() {
        Walkthrough w = Walkthrough.of(4, 3, 2, 3, 0, 1);
        assertEquals(-1, w.padBefore());
        assertEquals(List.of(
                "zzzzz",
                "zVzVz",
                "zzzzz",
                "zVzVz",
                "zzzzz"), letters(w.cells()));
        assertEquals(3, w.output().length);
    }

    @ParameterizedTest(name = "size {0} kernel {1} stride {2} padding {3} output_padding {4} dilation {5}")
    @CsvSource({"3,3,2,1,0,1", "2,4,2,1,0,1", "4,3,3,2,2,2", "1,1,1,0,0,1", "5,2,1,0,0,3", "4,3,2,3,1,1", "3,5,4,0,3,1"})
    void gridsAreTheReferencesOwnAndTheEngineAgrees(int size, int kernel, int stride, int padding, int outputPadding, int dilation) {
        Walkthrough w = Walkthrough.of(size, kernel, stride, padding, outputPadding, dilation);
        assertArrayEquals(ZeroInterpolationReference.prepareInput(w.input(), w.axis(), w.axis()), w.prepared());
        assertEquals(w.axis().output(), w.output().length);
        assertEquals(0, w.engineDifference());
        int pixels = 0;
        for (int r = 0; r < w.cells().length; r++) {
            for (int c = 0; c < w.cells().length; c++) {
                boolean pixel = w.cells()[r][c] == Cell.VALUE;
                pixels += pixel ? 1 : 0;
                assertEquals(pixel, w.prepared()[r][c] != 0, "only input pixels are non-zero, at " + r + "," + c);
            }
        }
        assertTrue(pixels <= size * size);
    }

    @Test
    void refusesExamplesTooLargeToShow() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> Walkthrough.of(10, 3, 5, 0, 0, 1));
        assertTrue(e.getMessage().contains("must be at most 40"), e.getMessage());
        assertThrows(InvalidParameterException.class, () -> Walkthrough.of(3, 3, Integer.MAX_VALUE, 0, 0, 1));
    }

    @Test
    void terminalTextShowsTheMarkedGridAndTheOutput() {
        List<String> lines = ExplainCommand.text(DEFAULT);
        assertTrue(lines.contains("    _    _    _    _    _    _    _"), String.join("\n", lines));
        assertTrue(lines.contains("    _    1    .    2    .    3    _"));
        assertTrue(lines.contains("    _    .    .    .    .    .    _"));
        assertTrue(lines.contains("    9    8    7") || lines.stream().anyMatch(l -> l.endsWith("    9    8    7")));
        assertTrue(lines.contains("   46  100   56  120   66"));
        assertTrue(lines.contains("            = (3-1)*2 - 1 - 1 + 1*(3-1) + 0 + 1 = 5"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("engine agrees")));
        assertTrue(lines.stream().allMatch(l -> l.chars().allMatch(c -> c < 128)), "ASCII only");
    }

    @Test
    void explainCommandPrintsAndDraws(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("explain.png");
        CliRun run = CliRun.of("explain", "--size", "2", "--kernel", "4", "--stride", "2", "--padding", "1", "--png", png.toString())
                .succeeded();
        assertTrue(run.out().contains("output (4x4)"), run.out());
        assertTrue(run.out().contains("wrote " + png));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertTrue(image.getWidth() > 600 && image.getHeight() > 300);
    }

    @Test
    void explainCommandRejectsBadParametersInOneLine(@TempDir Path dir) {
        Path png = dir.resolve("explain.png");
        CliRun.of("explain", "--size", "0", "--png", png.toString()).failedWith("--size = 0: must be from 1 to 10");
        CliRun.of("explain", "--stride", "0", "--png", png.toString()).failedWith("stride_h = 0: must be >= 1");
        CliRun.of("explain", "--output-padding", "2").failedWith("output_padding_h = 2: must be smaller than stride_h = 2");
        CliRun.of("explain", "--padding", "5").failedWith("output size h = -3: must be >= 1");
        assertFalse(Files.exists(png));
    }
}
