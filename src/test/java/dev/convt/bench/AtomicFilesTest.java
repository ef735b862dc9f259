package dev.convt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReplacesCreatingTheDirectory() throws IOException {
        Path file = dir.resolve("a/b/out.json");
        AtomicFiles.writeString(file, "one");
        AtomicFiles.writeString(file, "two");
        assertEquals("two", Files.readString(file));
        assertEquals(List.of(file), listing(file.getParent()));
    }

    @Test
    void aFailedWriteLeavesNeitherTheFileNorATemporary() throws IOException {
        Path file = dir.resolve("out.png");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void aFailedWriteKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("out.json");
        AtomicFiles.writeString(file, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(file));
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
