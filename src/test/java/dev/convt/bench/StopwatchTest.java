package dev.convt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopwatchTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Stopwatch.median(new double[] {5, 1, 3}));
        assertEquals(2.5, Stopwatch.median(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, Stopwatch.median(new double[] {7}));
        assertThrows(IllegalArgumentException.class, () -> Stopwatch.median(new double[0]));
    }

    @Test
    void medianLeavesItsInputAlone() {
        double[] values = {3, 1, 2};
        Stopwatch.median(values);
        assertEquals(List.of(3.0, 1.0, 2.0), List.of(values[0], values[1], values[2]));
    }

    @Test
    void timesAtLeastTheMinimumRepetitionsAfterWarmingUp() {
        int[] calls = {0};
        List<String> statuses = new ArrayList<>();
        Stopwatch.Timing timing = Stopwatch.time(() -> calls[0]++, 1e-9, statuses::add);
        assertTrue(timing.reps() >= Stopwatch.MIN_REPS, "reps " + timing.reps());
        assertTrue(calls[0] >= timing.reps() + Stopwatch.WARMUP_CALLS, "calls " + calls[0]);
        assertTrue(timing.minMs() <= timing.medianMs());
        assertEquals("warm-up", statuses.get(0));
    }
}
