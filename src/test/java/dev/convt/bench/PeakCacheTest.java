package dev.convt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeakCacheTest {
    @TempDir
    Path dir;

    private final List<Integer> measured = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private PeakCache cache(Path file, String machine) {
        return new PeakCache(file, machine, threads -> {
            measured.add(threads);
            return 100.0 * threads;
        }, notes::add);
    }

    @Test
    void measuresOnceThenReadsTheFile() {
        Path file = dir.resolve("sub/peak.json");
        assertEquals(200.0, cache(file, "m").peak(2));
        assertEquals(200.0, cache(file, "m").peak(2));
        assertEquals(List.of(2), measured);
        assertTrue(Files.isRegularFile(file));
        assertEquals(1, notes.size(), "one note, when it measured");
    }

    @Test
    void anotherMachineOrThreadCountIsMeasuredAndAdded() {
        Path file = dir.resolve("peak.json");
        cache(file, "m").peak(1);
        cache(file, "m").peak(2);
        cache(file, "m").peak(1);
        assertEquals(List.of(1, 2), measured);
        cache(file, "other machine").peak(1);
        assertEquals(List.of(1, 2, 1), measured);
    }

    @Test
    void remeasureReplacesCachedValues() {
        Path file = dir.resolve("peak.json");
        cache(file, "m").peak(1);
        Map<Integer, Double> fresh = cache(file, "m").remeasure(1, 2);
        assertEquals(Map.of(1, 100.0, 2, 200.0), fresh);
        assertEquals(List.of(1, 1, 2), measured);
    }

    @Test
    void anUnreadableFileIsMeasuredOver() throws IOException {
        Path file = dir.resolve("peak.json");
        Files.writeString(file, "{not json");
        assertEquals(100.0, cache(file, "m").peak(1));
        assertEquals(List.of(1), measured);
        assertTrue(notes.get(0).startsWith("ignoring unreadable peak cache"), notes.get(0));
        assertEquals(100.0, cache(file, "m").peak(1));
        assertEquals(List.of(1), measured, "rewritten, so read the second time");
    }
}
