package dev.convt.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convt.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generators: valid cases only, the ranges the issues ask for, the filters honoured. */
class ConvCasesTest {
    private static final int SAMPLES = 3000;

    private static List<ConvCase> sample(CaseSpace space) {
        return ConvCases.cases(space).sampleStream().limit(SAMPLES).toList();
    }

    @Test
    void everyCaseIsValidAndWithinItsSpace() {
        CaseSpace space = CaseSpace.defaults();
        for (ConvCase c : sample(space)) {
            int[] resolved = c.problem().outputShape();
            assertArrayEquals(c.outputShape(), resolved, c::toString);
            assertTrue(c.outputPaddingH() < Math.max(c.strideH(), c.dilationH()), c::toString);
            assertTrue(c.outputPaddingW() < Math.max(c.strideW(), c.dilationW()), c::toString);
            assertTrue(c.inputH() <= space.maxSize() && c.inputW() <= space.maxSize(), c::toString);
            assertTrue(c.kernelH() <= space.maxKernel() && c.kernelW() <= space.maxKernel(), c::toString);
            assertTrue(c.inChannels() <= space.maxChannels() && c.outChannels() <= space.maxChannels(), c::toString);
            assertTrue(c.batch() <= space.maxBatch(), c::toString);
            assertTrue(c.referenceWork() <= space.maxWork(), c::toString);
        }
    }

    @Test
    void theCasesCoverEveryAxisAndSituation() {
        Coverage coverage = new Coverage();
        sample(CaseSpace.defaults()).forEach(coverage::record);

        Object[][] expectedRanges = {
            {"batch", 1, 4}, {"stride h", 1, 5}, {"stride w", 1, 5}, {"dilation h", 1, 3}, {"dilation w", 1, 3},
            {"input height", 1, 8}, {"input width", 1, 8}, {"kernel height", 1, 7}, {"output padding h", 0, 4},
            {"in channels", 1, 40}, {"out channels", 1, 40}, {"pad top", 0, 21},
        };
        for (Object[] range : expectedRanges) {
            assertArrayEquals(new int[] {(int) range[1], (int) range[2]}, coverage.range((String) range[0]), (String) range[0]);
        }
        assertTrue(coverage.range("groups")[1] >= 20, "many groups");
        for (String situation : List.of("float32", "float64", "with bias", "grouped", "depthwise", "1x1 input",
                "kernel larger than input", "pad beyond the kernel", "asymmetric pads", "output padding",
                "channels not a multiple of 8")) {
            assertTrue(coverage.count(situation) >= SAMPLES / 100, situation + ": " + coverage.count(situation));
        }
    }

    @Test
    void filtersNarrowTheCases() {
        for (ConvCase c : sample(CaseSpace.defaults().withGroupedOnly(true).withDType(DType.FLOAT64))) {
            assertTrue(c.groups() > 1, c::toString);
            assertEquals(DType.FLOAT64, c.dtype());
        }
        for (ConvCase c : sample(CaseSpace.defaults().withDepthwiseOnly(true))) {
            assertEquals(c.groups(), c.inChannels(), c::toString);
            assertTrue(c.groups() > 1, c::toString);
        }
        Coverage larger = new Coverage();
        sample(CaseSpace.defaults().withMaxSize(12)).forEach(larger::record);
        assertEquals(12, larger.range("input height")[1]);
        Coverage smaller = new Coverage();
        sample(CaseSpace.defaults().withMaxSize(2)).forEach(smaller::record);
        assertEquals(2, smaller.range("input width")[1]);
        assertEquals(7, smaller.range("kernel width")[1]);
    }

    @Test
    void aCaseReadsLikeItsShape() {
        ConvCase plain = new ConvCase(1, 3, 2, 1, 3, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, true, DType.FLOAT32, 0);
        assertEquals("N=1 Cin=3 3x3 -> Cout=2 6x4 K=2x2 S=2x1 bias float32 seed=0", plain.toString());
        ConvCase everything = new ConvCase(2, 4, 6, 2, 5, 4, 3, 1, 2, 3, 2, 1, 1, 0, 2, 3, 1, 2, false, DType.FLOAT64, 42);
        assertEquals("N=2 Cin=4 5x4 -> Cout=6 11x9 K=3x1 S=2x3 D=2x1 P(t,l,b,r)=1,0,2,3 OP=1,2 G=2 no-bias float64 seed=42",
                everything.toString());
    }

    @Test
    void dataIsDeterministicAndExactInTheDType() {
        ConvCase c = new ConvCase(2, 4, 6, 2, 3, 5, 3, 2, 2, 1, 1, 2, 1, 0, 2, 1, 1, 0, true, DType.FLOAT32, 17);
        ConvCase.Data first = c.data();
        ConvCase.Data second = c.data();
        assertArrayEquals(first.x(), second.x());
        assertArrayEquals(first.w(), second.w());
        assertArrayEquals(first.b(), second.b());
        assertEquals(2 * 4 * 3 * 5, first.x().length);
        assertEquals(4 * 3 * 3 * 2, first.w().length);
        assertEquals(6, first.b().length);
        for (double value : first.x()) {
            assertEquals((float) value, value);
            assertTrue(value >= -1 && value < 1);
        }
        assertNull(c.withoutBias().data().b());
    }
}
