package dev.convt.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.DType;
import dev.convt.Tensor;
import dev.convt.verify.VerifyRunner.PropertyOutcome;
import dev.convt.verify.VerifyRunner.Summary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyRunnerTest {
    private static final VerifyRunner.Progress IGNORE_PROGRESS = (done, expected) -> { };

    @Test
    void runsEveryEnginePropertyWithTheRequestedTriesAndSeed() {
        long[] lastProgress = new long[2];
        Summary summary = VerifyRunner.run(new VerifyRunner.Settings(12, 7, CaseSpace.defaults()),
                (done, expected) -> {
                    lastProgress[0] = done;
                    lastProgress[1] = expected;
                });

        assertTrue(summary.passed(), () -> summary.outcomes().toString());
        assertEquals(List.of("concurrentExecutionsOfOnePlanAgree", "everyKernelPathMatchesTheReference",
                        "threadCountsGiveBitwiseEqualResults", "vectorPathsEqualScalarBitwise", "winogradCasesMatchTheReference",
                        "winogradPhasesCasesMatchTheReference"),
                summary.outcomes().stream().map(PropertyOutcome::property).sorted().toList());
        for (PropertyOutcome outcome : summary.outcomes()) {
            assertEquals(12, outcome.tries(), outcome.property());
            assertEquals("7", outcome.seed(), outcome.property());
        }
        assertEquals(72, summary.tries());
        assertEquals(72, summary.checks());
        assertEquals(72, lastProgress[0]);
        assertEquals(72, lastProgress[1]);
        assertNotNull(summary.worstCase());
        assertTrue(summary.worstRatio() <= 1, "worst error within the tolerance");
        assertTrue(summary.coverage().stream().anyMatch(line -> line.contains("stride h ")), () -> summary.coverage().toString());
    }

    @Test
    void theSameSeedDrawsTheSameCases() {
        VerifyRunner.Settings settings = new VerifyRunner.Settings(10, 123, CaseSpace.defaults());
        Summary first = VerifyRunner.run(DeliberatelyFailingChecks.class, settings, IGNORE_PROGRESS);
        Summary second = VerifyRunner.run(DeliberatelyFailingChecks.class, settings, IGNORE_PROGRESS);
        assertEquals(first.coverage(), second.coverage());
        assertEquals(first.outcomes(), second.outcomes());
    }

    @Test
    void aFailureShrinksToTheSmallestCaseAndKeepsTheSeed() {
        Summary summary = VerifyRunner.run(DeliberatelyFailingChecks.class,
                new VerifyRunner.Settings(200, 99, CaseSpace.defaults()), IGNORE_PROGRESS);

        assertFalse(summary.passed());
        PropertyOutcome failure = summary.firstFailure().orElseThrow();
        assertEquals("failsOnWideStridedCases", failure.property());
        assertEquals("99", failure.seed());
        assertTrue(failure.message().startsWith("pretend mismatch at "), failure.message());
        // batch 1, one input channel, 1x1 input and kernel, stride 1 except where the failure needs 2
        assertEquals(new ConvCase(1, 1, 3, 1, 1, 1, 1, 1, 1, 2, 1, 1, 0, 0, 0, 0, 0, 0, false, DType.FLOAT32, 0),
                failure.shrunkCase());
        assertEquals("N=1 Cin=1 1x1 -> Cout=3 1x1 K=1x1 S=1x2 no-bias float32 seed=0", failure.shrunkCase().toString());
        assertTrue(summary.outcomes().stream().filter(o -> o.property().equals("alwaysHolds")).allMatch(PropertyOutcome::passed));
    }

    @Test
    void theSpaceOfARunAppliesOnlyDuringTheRun() {
        CaseSpace narrow = CaseSpace.defaults().withDType(DType.FLOAT64).withGroupedOnly(true);
        Summary summary = VerifyRunner.run(DeliberatelyFailingChecks.class, new VerifyRunner.Settings(30, 5, narrow), IGNORE_PROGRESS);
        assertTrue(summary.coverage().stream().anyMatch(line -> line.contains("float32 0,")), () -> summary.coverage().toString());
        assertTrue(summary.coverage().stream().anyMatch(line -> line.contains("groups 2..")), () -> summary.coverage().toString());
        assertEquals(CaseSpace.fromSystemProperties(), CaseSpace.current());
    }

    @Test
    void caseFilesHoldTheCaseAndTheCommandLineRunsThem(@TempDir Path temporary) throws Exception {
        ConvCase c = new ConvCase(2, 4, 6, 2, 3, 5, 3, 2, 2, 1, 1, 2, 1, 0, 2, 1, 1, 0, true, DType.FLOAT32, 17);
        Map<Path, Tensor> written = new LinkedHashMap<>();
        Path folder = temporary.resolve("case one");

        String command = CaseFiles.write(c, folder, written::put);

        String quoted = "'" + folder + "/";
        assertEquals("scripts/convt run --input " + quoted + "x.npy' --weight " + quoted + "w.npy' --bias " + quoted + "b.npy'"
                        + " --stride 2,1 --padding 1,0,2,1 --output-padding 1,0 --dilation 1,2 --groups 2"
                        + " --output " + quoted + "y.npy'", command);
        assertEquals(List.of("x.npy", "w.npy", "b.npy", "y_reference.npy"),
                written.keySet().stream().map(p -> p.getFileName().toString()).toList());
        ConvCase.Data data = c.data();
        Tensor x = written.get(folder.resolve("x.npy"));
        assertEquals(DType.FLOAT32, x.dtype());
        assertEquals(List.of(2, 4, 3, 5), List.of(x.dim(0), x.dim(1), x.dim(2), x.dim(3)));
        assertEquals(data.x()[7], x.getFlat(7));
        Tensor y = written.get(folder.resolve("y_reference.npy"));
        assertEquals(List.of(2, 6, c.outputH(), c.outputW()), List.of(y.dim(0), y.dim(1), y.dim(2), y.dim(3)));
    }

    @Test
    void aCaseWithoutBiasWritesNoBiasFile(@TempDir Path folder) throws Exception {
        ConvCase c = new ConvCase(1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, false, DType.FLOAT64, 3);
        Map<Path, Tensor> written = new LinkedHashMap<>();
        CaseFiles.write(c, folder, written::put);
        assertEquals("scripts/convt run --input f/x.npy --weight f/w.npy --stride 1,1 --padding 0,0,0,0"
                + " --output-padding 0,0 --dilation 1,1 --groups 1 --output f/y.npy", CaseFiles.runCommand(c, Path.of("f")));
        assertEquals(3, written.size());
    }
}
