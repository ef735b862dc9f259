package dev.convt.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.ConvTransposeProblem;
import dev.convt.InvalidParameterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchSuiteTest {

    @Test
    void builtInSuiteHasTheSeventeenShapesInOrder() {
        List<String> names = BenchSuite.builtIn().shapes().stream().map(BenchShape::name).toList();
        assertEquals(17, names.size());
        assertEquals("dcgan-l1-b1", names.get(0));
        assertEquals("vocoder-1d-k16s8-b1", names.get(16));
    }

    @Test
    void jmhBenchmarksCoverTheSuiteInOrder() throws IOException {
        // JMH needs its @Param values as constants, so the names are written twice; this keeps them in step.
        String source = Files.readString(Path.of("jmh/src/main/java/dev/convt/jmh/PlanBenchmark.java"));
        Matcher param = Pattern.compile("@Param\\(\\{([^}]*)\\}\\)\\s+public String shape;").matcher(source);
        assertTrue(param.find(), "PlanBenchmark declares @Param shape");
        List<String> jmhNames = Pattern.compile("\"([^\"]+)\"").matcher(param.group(1)).results().map(m -> m.group(1)).toList();
        assertEquals(BenchSuite.builtIn().shapes().stream().map(BenchShape::name).toList(), jmhNames);
    }

    @Test
    void flopsFollowTheSuiteFormula() {
        BenchSuite suite = BenchSuite.builtIn();
        // 2 * N * Cin * H * W * Cout/G * kh * kw
        assertEquals(2.0 * 64 * 1024 * 4 * 4 * 512 * 4 * 4, suite.shape("dcgan-l2-b64").flops());
        assertEquals(2.0 * 1 * 21 * 16 * 16 * 1 * 16 * 16, suite.shape("depthwise-bilinear-k16s8-b1").flops());
        assertEquals(2.0 * 8 * 256 * 16 * 16 * 32 * 4 * 4, suite.shape("grouped-g8-b8").flops());
        assertEquals(2.0 * 512 * 256 * 256 * 16, suite.shape("vocoder-1d-k16s8-b1").flops());
    }

    @Test
    void perAxisValuesAndDefaultsAreRead() {
        BenchShape vocoder = BenchSuite.builtIn().shape("vocoder-1d-k16s8-b1");
        ConvTransposeProblem problem = vocoder.problem();
        assertEquals(1, problem.height().kernel());
        assertEquals(16, problem.width().kernel());
        assertEquals(8, problem.width().stride());
        assertEquals(4, problem.width().padBegin());
        assertArrayEquals(new int[] {1, 256, 1, 2048}, problem.outputShape());

        BenchShape seg = BenchSuite.builtIn().shape("seg-k3s2-op1-b4");
        assertArrayEquals(new int[] {4, 128, 56, 56}, seg.problem().outputShape());
        BenchShape dilated = BenchSuite.builtIn().shape("dilated-k3s2d2-b4");
        assertEquals(2, dilated.problem().height().dilation());
    }

    @Test
    void optionalFieldsDefaultToPyTorchDefaults() {
        BenchShape shape = BenchSuite.parse("""
                [{"name": "plain", "N": 2, "Cin": 4, "H": 3, "W": 5, "Cout": 6, "K": [2, 3], "S": 2, "P": [0, 1]}]
                """, "test").shape("plain");
        assertEquals(new BenchShape("plain", 2, 4, 3, 5, 6, 2, 3, 2, 2, 0, 1, 0, 0, 1, 1, 1), shape);
        assertArrayEquals(new int[] {2, 4, 3, 5}, shape.inputShape());
    }

    @Test
    void onlyKeepsTheSuiteOrderAndRejectsUnknownNames() {
        BenchSuite suite = BenchSuite.builtIn();
        List<String> picked = suite.only(List.of("stride1-k3-b8", "dcgan-l3-b1")).stream().map(BenchShape::name).toList();
        assertEquals(List.of("dcgan-l3-b1", "stride1-k3-b8"), picked);
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> suite.only(List.of("dcgan-l9")));
        assertTrue(e.getMessage().startsWith("shape = dcgan-l9: is not in suite suite-17.json"), e.getMessage());
    }

    @Test
    void malformedSuitesFailNamingTheShapeAndField() {
        assertMessage("suite s.json = not valid JSON", "[{", "s.json");
        assertMessage("suite s.json = {}: must be a non-empty JSON array of shapes", "{}", "s.json");
        assertMessage("s.json, shape 1 (a), K = missing: must be an integer or [h, w]",
                "[{\"name\": \"a\", \"N\": 1, \"Cin\": 1, \"H\": 1, \"W\": 1, \"Cout\": 1, \"S\": 1, \"P\": 0}]", "s.json");
        assertMessage("s.json, shape 1 (a), S = [1,2,3]: must be an integer or [h, w]",
                "[{\"name\": \"a\", \"N\": 1, \"Cin\": 1, \"H\": 1, \"W\": 1, \"Cout\": 1, \"K\": 3, \"S\": [1, 2, 3], \"P\": 0}]", "s.json");
        assertMessage("s.json, shape 1 (a), N = 1.5: must be an integer",
                "[{\"name\": \"a\", \"N\": 1.5, \"Cin\": 1, \"H\": 1, \"W\": 1, \"Cout\": 1, \"K\": 3, \"S\": 1, \"P\": 0}]", "s.json");
        assertMessage("s.json, shape 1 (a) = not a valid convolution: in_channels = 3: must be divisible by groups = 2",
                "[{\"name\": \"a\", \"N\": 1, \"Cin\": 3, \"H\": 1, \"W\": 1, \"Cout\": 4, \"K\": 3, \"S\": 1, \"P\": 0, \"G\": 2}]", "s.json");
        assertMessage("s.json, shape 2, name = a: appears twice",
                "[{\"name\": \"a\", \"N\": 1, \"Cin\": 1, \"H\": 1, \"W\": 1, \"Cout\": 1, \"K\": 1, \"S\": 1, \"P\": 0},"
                        + "{\"name\": \"a\", \"N\": 1, \"Cin\": 1, \"H\": 1, \"W\": 1, \"Cout\": 1, \"K\": 1, \"S\": 1, \"P\": 0}]", "s.json");
    }

    @Test
    void randomOperandsAreSeededAndShaped() {
        BenchShape shape = BenchSuite.builtIn().shape("dcgan-l5-b1");
        BenchShape.Operands a = shape.randomOperands(7);
        BenchShape.Operands b = shape.randomOperands(7);
        assertArrayEquals(a.input().floats(), b.input().floats());
        assertArrayEquals(a.weight().floats(), b.weight().floats());
        assertArrayEquals(new int[] {128, 3, 4, 4}, a.weight().shape());
        assertArrayEquals(new int[] {3}, a.bias().shape());
    }

    private static void assertMessage(String expectedStart, String json, String source) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> BenchSuite.parse(json, source));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
