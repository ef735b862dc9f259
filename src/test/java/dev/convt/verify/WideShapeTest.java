package dev.convt.verify;

import dev.convt.ConvTranspose2d;
import dev.convt.ConvTransposePlan;
import dev.convt.DType;
import dev.convt.PlanOptions;
import dev.convt.PlanOptions.KernelChoice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shapes wider than the properties draw (inputs up to 8 pixels), and heavier: phase weights over
 * 4 MiB for a few rows, streamed panel by panel; 1-row products over panels of 4 vectors; rows of several vectors and
 * ragged last vectors on the WINOGRAD, WINOGRAD_PHASES and PHASE_PAIRS paths (and on WINOGRAD_PHASES
 * negative pads and a part-empty last slab), one image split by rows on PHASE_PAIRS, staged bands several to an image with
 * output planes 4 KiB apart (at the default 512-bit width; other widths cut the same rows
 * differently). Every path against the reference, and 1, 2 and 5 threads bitwise.
 */
class WideShapeTest {

    /** N, Cin, Cout, G, H, W, K, S, P, OP in both axes; a bias; the dtype. */
    private static ConvCase wide(int batch, int cin, int cout, int groups, int height, int width, int kernel, int stride, int padding,
                                 int outputPadding, DType dtype) {
        return new ConvCase(batch, cin, cout, groups, height, width, kernel, kernel, stride, stride, 1, 1, padding, padding, padding,
                padding, outputPadding, outputPadding, true, dtype, 7);
    }

    private static void check(ConvCase c) {
        EngineChecks.assertEveryPathMatchesTheReference(c.toConv(), c);
        EngineChecks.assertThreadCountsAgree(c, EngineChecks.pathsFor(c.problem()));
    }

    @Test
    void winogradOnRowsOfSeveralVectorsAndAnOddWidth() {
        for (DType dtype : DType.values()) {
            // 70 and 69 output columns: 35 column pairs, transformed rows of several vectors.
            check(wide(1, 40, 24, 1, 5, 70, 3, 1, 1, 0, dtype));
            check(wide(2, 16, 16, 1, 4, 69, 3, 1, 1, 0, dtype));
        }
    }

    @Test
    void winogradPhasesOnRowsOfSeveralVectorsAndBothClassesOfPhases() {
        for (DType dtype : DType.values()) {
            // A 1-D K8 S4 layer 70 wide, pad 2: phase rows of 70 columns (35 pairs, a ragged last
            // vector at 16 lanes), phases 0-1 and 2-3 in two classes; three images, two rows each.
            check(new ConvCase(3, 24, 20, 1, 2, 70, 1, 8, 1, 4, 1, 1, 0, 2, 0, 2, 0, 0, true, dtype, 7));
            // DCGAN's K4 S2 on an odd width with output padding: one phase to a class.
            check(wide(2, 12, 8, 1, 5, 18, 4, 2, 1, 1, dtype));
            // K4 S2 without padding, output padding 1, 17 wide: both phases in one class, of 19
            // and 18 columns (10 and 9 pairs).
            check(wide(2, 12, 8, 1, 3, 17, 4, 2, 0, 1, dtype));
        }
    }

    @Test
    void winogradPhasesWithNegativePadsFromAnOutputShape() {
        for (int stride = 2; stride <= 4; stride++) {
            // An output 2S + 1 columns wider than the natural size: the pads go negative, so the
            // phases' first input columns q0 = floor((r + P) / S) fall below zero.
            ConvCase c = new ConvCase(2, 6, 5, 1, 2, 7, 2, 2 * stride, 1, stride, 1, 1, 0, 0, 0, 0, 0, 0, true, DType.FLOAT32, 3);
            ConvTranspose2d conv = c.withoutPads().outputShape(c.outputH(), c.outputW() + 2 * stride + 1).build();
            EngineChecks.assertEveryPathMatchesTheReference(conv, c);
        }
    }

    @Test
    void winogradPhasesInSlabsWithAPartEmptyLastOne() {
        for (DType dtype : DType.values()) {
            // 1-D K4 S2 P1, 6 wide, three images: two classes of one phase, 3 pairs each. With the
            // tests' slab budget of 2048 bytes (pom.xml) an image's transformed input and products
            // take 720 bytes at 5 channels in float32 and 864 at 3 in float64: slabs of 2 images,
            // the second holding one.
            int channels = dtype == DType.FLOAT32 ? 5 : 3;
            ConvCase c = new ConvCase(3, channels, channels, 1, 1, 6, 1, 4, 1, 2, 1, 1, 0, 1, 0, 1, 0, 0, true, dtype, 5);
            String plan = describe(c, KernelChoice.WINOGRAD_PHASES);
            assertTrue(plan.contains("slabs of 2 image(s)"), plan);
            check(c);
        }
    }

    @Test
    void phasePairsOnRowsOfSeveralVectorsAndARaggedEnd() {
        for (DType dtype : DType.values()) {
            // 124 output columns (phase rows of 62: three whole vectors and most of a fourth at 16
            // lanes), then 73 (phases of 37 and 36, tiles of four vectors across two rows), with 8
            // channels (a last tile of 2) and 6 (two whole tiles).
            check(wide(2, 12, 8, 1, 3, 62, 4, 2, 1, 0, dtype));
            check(wide(1, 12, 6, 1, 3, 37, 3, 2, 1, 0, dtype));
        }
    }

    @Test
    void phasePairsOnOneTallImageThatThreadsSplitByRows() {
        for (DType dtype : DType.values()) {
            // An RGB layer 40 rows high: phase rows of 40 in five row blocks, each thread copying
            // only the input rows of its blocks; then K3 (phase rows of 19 and 18, a tap more in one).
            check(wide(1, 12, 3, 1, 40, 40, 4, 2, 1, 0, dtype));
            check(wide(1, 8, 3, 1, 19, 21, 3, 2, 1, 0, dtype));
        }
    }

    @Test
    void fewRowsWhoseWeightsStreamFromMemoryGoPanelByPanel() {
        // Phase weights over 4 MiB for at most two tiles of rows: 9 rows per phase (a full tile
        // and one row), 520 channels (panels of two vectors stored as two streams, a last panel
        // of one vector, partly lanes past the end); then reductions longer than one block (4120
        // steps, so a shorter last block moves the second stream) with 12 rows from three images,
        // in both dtypes.
        ConvCase oneBlock = wide(1, 520, 520, 1, 3, 3, 4, 2, 1, 0, DType.FLOAT32);
        String oneBlockPlan = describe(oneBlock);
        assertTrue(oneBlockPlan.contains("streamed panel by panel in vector streams"), oneBlockPlan);
        check(oneBlock);
        for (ConvCase twoBlocks : new ConvCase[] {wide(3, 1030, 260, 1, 2, 2, 4, 2, 1, 0, DType.FLOAT32),
                wide(3, 1030, 136, 1, 2, 2, 4, 2, 1, 0, DType.FLOAT64)}) {
            String plan = describe(twoBlocks);
            // Blocks hold 768 KiB of panel and packed tiles: at 512 bits 4096 steps at float32 and
            // 3072 at float64, so 4120 steps take two; narrower widths take longer blocks.
            String block = twoBlocks.dtype() == DType.FLOAT32 ? "4096" : "3072";
            assertTrue(plan.contains(plan.contains("vector width 512 bits") ? "reduction block " + block + " streamed panel by panel"
                    : "streamed panel by panel"), plan);
            check(twoBlocks);
        }
    }

    @Test
    void streamedRowsWithABorderHalfTakeItFromCache() {
        for (DType dtype : DType.values()) {
            // DCGAN's 4x4 layer, narrower: every phase has a border row whose taps are half
            // padding, first or last of its 16 rows; then two images of two phase rows, where
            // one phase's border half is the third of four (moved behind the fourth).
            for (ConvCase streamed : new ConvCase[] {wide(1, 520, 520, 1, 4, 4, 4, 2, 1, 0, dtype),
                    wide(2, 520, 520, 1, 2, 4, 4, 2, 1, 0, dtype)}) {
                String plan = describe(streamed);
                assertTrue(plan.contains("streamed panel by panel in vector streams"), plan);
                check(streamed);
            }
        }
    }

    @Test
    void oneRowProductsOnPanelsOfFourTwoAndOneVectors() {
        for (DType dtype : DType.values()) {
            // A 1x1 input whose output is the kernel footprint is a product with one row per image
            // (1-row tiles under 8 rows) and a column per output channel and tap. At 512 bits:
            // 1680 columns (105 vectors at float32: panels of 4 and a last of 1; 210 at float64:
            // 4 and 2), 280 (17.5 vectors: 4 and 2, the last part-empty; 35: 4, 2 and 1) and 44
            // (2.75 vectors: 2 and 1; 5.5: 4 and 2).
            check(wide(1, 40, 105, 1, 1, 1, 4, 1, 0, 0, dtype));
            check(wide(1, 24, 70, 1, 1, 1, 2, 1, 0, 0, dtype));
            check(wide(2, 24, 11, 1, 1, 1, 2, 1, 0, 0, dtype));
        }
    }

    /** How the channel-vector path plans the case. */
    private static String describe(ConvCase c) {
        return describe(c, KernelChoice.CHANNEL_VECTORS);
    }

    private static String describe(ConvCase c, KernelChoice path) {
        ConvCase.Data data = c.data();
        try (ConvTransposePlan plan = c.toConv().plan(c.inputShape(), c.weightTensor(data), c.biasTensor(data),
                PlanOptions.defaults().withKernel(path))) {
            return plan.describe();
        }
    }

    @Test
    void stagedBandsSeveralToAnImageWithPlanes4KibApart() {
        // 32x32 -> 64x64 at 64 channels: channel vectors, bands of 16 rows, planes of 4096 elements.
        check(wide(1, 16, 64, 1, 32, 32, 4, 2, 1, 0, DType.FLOAT32));
    }
}
