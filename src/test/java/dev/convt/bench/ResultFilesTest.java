package dev.convt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.InvalidParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFilesTest {
    private static final String CONVT = """
            [
              {"name": "a", "median_ms": 2.0, "gflops": 50.0, "threads": 2, "peak_gflops": 230.0, "plan": "x"},
              {"name": "b", "median_ms": 4.0, "gflops": 25.0, "threads": 2, "peak_gflops": 230.0}
            ]
            """;
    private static final String TORCH = """
            {"meta": {"torch": "1.13.1"},
             "results": [
               {"name": "a", "gflop": 0.1, "runs": {"onednn-1T": {"ms": 4.0, "gflops": 25.0}, "onednn-2T": {"ms": 2.0, "gflops": 50.0}}},
               {"name": "b", "gflop": 0.1, "runs": {"onednn-1T": {"ms": 5.0, "gflops": 20.0}}}
             ]}
            """;

    @Test
    void readsConvtBenchOutput() {
        ResultSet set = ResultFiles.parse(CONVT, "c.json", null, null);
        assertEquals("convt", set.label());
        assertEquals(2, set.threads());
        assertEquals(230.0, set.peakGflops());
        assertEquals(List.of(new BenchResult("a", 2.0, 50.0), new BenchResult("b", 4.0, 25.0)), set.results());
    }

    @Test
    void readsOneTorchVariantChosenByNameOrThreadCount() {
        ResultSet byName = ResultFiles.parse(TORCH, "t.json", "onednn-1T", null);
        assertEquals("PyTorch onednn-1T", byName.label());
        assertEquals(1, byName.threads());
        assertEquals(List.of(new BenchResult("a", 4.0, 25.0), new BenchResult("b", 5.0, 20.0)), byName.results());
        assertTrue(Double.isNaN(byName.peakGflops()));

        ResultSet byThreads = ResultFiles.parse(TORCH, "t.json", null, 2);
        assertEquals("PyTorch onednn-2T", byThreads.label());
        assertEquals(List.of(new BenchResult("a", 2.0, 50.0)), byThreads.results(), "b has no 2-thread run");
    }

    @Test
    void anAmbiguousOrMissingTorchVariantIsAnError() {
        InvalidParameterException several = assertThrows(InvalidParameterException.class,
                () -> ResultFiles.parse(TORCH, "t.json", null, null));
        assertEquals("results file t.json = variants: are several (onednn-1T, onednn-2T); name the one to use", several.getMessage());
        InvalidParameterException missing = assertThrows(InvalidParameterException.class,
                () -> ResultFiles.parse(TORCH, "t.json", "native-1T", null));
        assertEquals("results file t.json = variant native-1T: is not in it; it has onednn-1T, onednn-2T", missing.getMessage());
    }

    @Test
    void readsThePlanBenchmarkOfJmhOutputAndComputesGflopsFromTheSuite() {
        String jmh = """
                [
                  %s,
                  %s,
                  {"benchmark": "dev.convt.jmh.ReferenceBenchmark.directScatter", "mode": "avgt",
                   "params": {"shape": "dcgan-l5-b1"}, "primaryMetric": {"score": 7.0, "scoreUnit": "ms/op"}}
                ]
                """.formatted(jmhRow("dcgan-l3-b1", 1, 2.0, "ms/op"), jmhRow("dcgan-l3-b1", 2, 1000.0, "us/op"));
        double gflop = BenchSuite.builtIn().shape("dcgan-l3-b1").flops() / 1e9;

        ResultSet one = ResultFiles.parse(jmh, "j.json", null, 1);
        assertEquals("convt (JMH)", one.label());
        assertEquals(1, one.threads());
        assertEquals(List.of(new BenchResult("dcgan-l3-b1", 2.0, gflop / 0.002)), one.results());

        ResultSet two = ResultFiles.parse(jmh, "j.json", null, 2);
        assertEquals(1.0, two.results().get(0).medianMs(), 1e-12, "us/op converted to ms");

        InvalidParameterException mixed = assertThrows(InvalidParameterException.class, () -> ResultFiles.parse(jmh, "j.json", null, null));
        assertEquals("results file j.json = thread counts: [1, 2] are mixed; choose one with --threads", mixed.getMessage());
    }

    @Test
    void aSingleThreadCountIsTakenWhateverThePreference() {
        assertEquals(2, ResultFiles.parse(CONVT, "c.json", null, 1).threads());
    }

    @Test
    void unknownFormatsAndBadJsonAreErrors() {
        assertEquals("results file x.json = of unknown format: expected convt bench --json output, JMH -rf json output "
                + "or torch_bench.py --out output",
                assertThrows(InvalidParameterException.class, () -> ResultFiles.parse("[1, 2]", "x.json", null, null)).getMessage());
        assertTrue(assertThrows(InvalidParameterException.class, () -> ResultFiles.parse("{", "x.json", null, null))
                .getMessage().startsWith("results file x.json = not valid JSON: "));
        assertEquals("results file x.json = a median_ms: is missing or not a number",
                assertThrows(InvalidParameterException.class,
                        () -> ResultFiles.parse("[{\"name\": \"a\", \"median_ms\": \"fast\", \"gflops\": 1}]", "x.json", null, null))
                        .getMessage());
    }

    private static String jmhRow(String shape, int threads, double score, String unit) {
        return """
                {"benchmark": "dev.convt.jmh.PlanBenchmark.execute", "mode": "avgt",
                 "params": {"shape": "%s", "threads": "%d"},
                 "primaryMetric": {"score": %s, "scoreError": 0.1, "scoreUnit": "%s"},
                 "secondaryMetrics": {}}""".formatted(shape, threads, score, unit);
    }
}
