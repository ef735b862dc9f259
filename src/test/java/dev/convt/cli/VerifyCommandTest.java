package dev.convt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.Tensor;
import dev.convt.verify.DeliberatelyFailingChecks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyCommandTest {
    private final Map<Path, Tensor> written = new LinkedHashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(VerifyCommand command, String... arguments) {
        return new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(arguments);
    }

    @Test
    void aPassingRunPrintsTheSummaryAndExitsZero() {
        int exit = run(new VerifyCommand(written::put), "--tries", "3", "--seed", "11", "--max-size", "4", "--dtype", "float64");

        String text = out.toString();
        assertEquals(0, exit, text + err);
        assertTrue(text.contains("3 tries per property, seed 11"), text);
        for (String property : List.of("everyKernelPathMatchesTheReference", "threadCountsGiveBitwiseEqualResults",
                "concurrentExecutionsOfOnePlanAgree", "vectorPathsEqualScalarBitwise", "winogradCasesMatchTheReference",
                "winogradPhasesCasesMatchTheReference")) {
            assertTrue(text.contains("passed  " + property), text);
        }
        assertTrue(text.contains("worst error against the reference: "), text);
        assertTrue(text.contains("input height "), text);
        assertTrue(text.contains("float32 0, float64 18"), text);
        assertTrue(err.toString().contains("100%"), err.toString());
        assertTrue(written.isEmpty());
    }

    @Test
    void aFailureWritesTheShrunkCaseAndPrintsHowToReproduceIt(@TempDir Path folder) {
        int exit = run(new VerifyCommand(written::put, DeliberatelyFailingChecks.class),
                "--tries", "100", "--seed", "5", "--groups-only", "--out", folder.toString());

        String text = out.toString();
        assertEquals(ConvtCommand.FAILED, exit, text);
        assertTrue(text.contains("FAILED  failsOnWideStridedCases"), text);
        assertTrue(text.contains("passed  alwaysHolds"), text);
        assertTrue(text.contains("smallest failing case: N=1 Cin=2 1x1 -> Cout=6 1x1 K=1x1 S=1x2 G=2 no-bias float32 seed=0"), text);
        assertTrue(text.contains("reproduce the run:  scripts/convt verify --seed 5 --tries 100 --max-size 8 --max-channels 40 --groups-only"), text);
        Path caseFolder = folder.resolve("failsOnWideStridedCases");
        assertTrue(text.contains("reproduce the case: scripts/convt run --input " + caseFolder.resolve("x.npy")
                + " --weight " + caseFolder.resolve("w.npy") + " --stride 1,2 --padding 0,0,0,0 --output-padding 0,0"
                + " --dilation 1,1 --groups 2 --output " + caseFolder.resolve("y.npy")), text);
        assertEquals(List.of(caseFolder.resolve("x.npy"), caseFolder.resolve("w.npy"), caseFolder.resolve("y_reference.npy")),
                List.copyOf(written.keySet()));
    }

    @Test
    void badOptionsAreRejectedWithExitCodeTwo() {
        assertEquals(2, run(new VerifyCommand(written::put), "--dtype", "float16"));
        assertTrue(err.toString().contains("--dtype = float16: must be float32, float64 or both"), err.toString());
        assertEquals(2, run(new VerifyCommand(written::put), "--tries", "0"));
        assertTrue(err.toString().contains("--tries = 0: must be >= 1"), err.toString());
        assertEquals(2, run(new VerifyCommand(written::put), "--max-size", "0"));
        assertTrue(err.toString().contains("--max-size = 0: must be >= 1"), err.toString());
        assertEquals(2, run(new VerifyCommand(written::put), "--max-channels", "1", "--depthwise-only"));
        assertTrue(err.toString().contains("--max-channels = 1: must be >= 2 with --groups-only or --depthwise-only"), err.toString());
    }
}
