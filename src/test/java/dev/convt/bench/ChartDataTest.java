package dev.convt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartDataTest {
    private static final ResultSet CONVT = new ResultSet("convt", 1, List.of(
            new BenchResult("a", 2.0, 50.0),      // 0.1 GFLOP
            new BenchResult("b", 10.0, 100.0),    // 1 GFLOP
            new BenchResult("c", 1.0, 10.0)), 120.0);
    private static final ResultSet TORCH = new ResultSet("PyTorch onednn-1T", 1, List.of(
            new BenchResult("b", 20.0, 50.0),
            new BenchResult("a", 1.0, 100.0),
            new BenchResult("d", 1.0, 5.0)), Double.NaN);

    @Test
    void joinsByNameInThePrimaryOrderLeavingOutTheOthersExtraShapes() {
        ChartData data = ChartData.of(CONVT, TORCH, 117.0);
        assertEquals(List.of("a", "b", "c"), data.rows().stream().map(ChartData.Row::name).toList());
        ChartData.Row a = data.rows().get(0);
        assertEquals(50.0, a.gflops());
        assertEquals(100.0, a.otherGflops());
        assertEquals(0.5, a.ratio());
        assertEquals(2.0, data.rows().get(1).ratio());
        ChartData.Row c = data.rows().get(2);
        assertTrue(Double.isNaN(c.otherGflops()));
        assertTrue(Double.isNaN(c.ratio()));
    }

    @Test
    void categoriesCarryTheRatioWhenThereIsOne() {
        ChartData data = ChartData.of(CONVT, TORCH, 117.0);
        assertEquals(List.of("a  0.50\u00d7", "b  2.00\u00d7", "c"),
                data.rows().stream().map(ChartData.Row::category).toList());
    }

    @Test
    void labelsThreadsAndPeakComeThrough() {
        ChartData data = ChartData.of(CONVT, TORCH, 117.0);
        assertEquals("convt", data.primaryLabel());
        assertEquals("PyTorch onednn-1T", data.otherLabel());
        assertTrue(data.hasOther());
        assertEquals(1, data.threads());
        assertEquals(117.0, data.peakGflops());
        assertEquals(117.0, data.maxGflops(), "the peak is above every bar here");
        assertEquals(150.0, ChartData.of(CONVT, TORCH, 150.0).maxGflops());
        assertEquals(100.0, ChartData.of(CONVT, TORCH, Double.NaN).maxGflops(), "no peak: the tallest bar");
    }

    @Test
    void withoutAnotherSetEveryRowIsPrimaryOnly() {
        ChartData data = ChartData.of(CONVT, null, 117.0);
        assertFalse(data.hasOther());
        assertNull(data.otherLabel());
        assertEquals(3, data.rows().size());
        assertTrue(data.rows().stream().allMatch(row -> Double.isNaN(row.ratio())));
        assertEquals(List.of("a", "b", "c"), data.rows().stream().map(ChartData.Row::category).toList());
        // (0.1 + 1 + 0.01) GFLOP in (2 + 10 + 1) ms
        assertEquals(1.11 / 0.013, data.weightedGflops(), 1e-9);
        assertTrue(Double.isNaN(data.otherWeightedGflops()));
    }

    @Test
    void weightedFiguresCoverOnlyTheShapesBothSetsHave() {
        ChartData data = ChartData.of(CONVT, TORCH, 117.0);
        // shared: a and b. convt: 1.1 GFLOP in 12 ms; torch: (1 + 0.1) GFLOP in 21 ms
        assertEquals(1.1 / 0.012, data.weightedGflops(), 1e-9);
        assertEquals(1.1 / 0.021, data.otherWeightedGflops(), 1e-9);
    }

    @Test
    void weightedSpeedIsTotalWorkOverTotalTime() {
        assertEquals(1.1 / 0.012, ResultSet.weightedGflops(CONVT.results().subList(0, 2)), 1e-9);
        assertEquals(0.1, new BenchResult("a", 2.0, 50.0).gflop(), 1e-12);
    }
}
