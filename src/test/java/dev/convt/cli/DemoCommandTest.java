package dev.convt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @Test
    void smallBatchPrintsEveryLayerAndWritesBothPictures(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("pictures");
        CliRun run = CliRun.of("demo", "--batch", "2", "--seed", "7", "--threads", "2", "--out", out.toString()).succeeded();
        List<String> shapes = List.of("100x1x1 -> 1024x4x4", "1024x4x4 -> 512x8x8", "512x8x8 -> 256x16x16",
                "256x16x16 -> 128x32x32", "128x32x32 -> 3x64x64");
        List<String> lines = run.out().lines().toList();
        for (int layer = 1; layer <= 5; layer++) {
            String prefix = String.format("%-6d%s", layer, shapes.get(layer - 1));
            String row = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + run.out()));
            String[] columns = row.trim().split("\\s+");
            double maxError = Double.parseDouble(columns[columns.length - 1]);
            assertTrue(maxError < 1e-3, row);
        }
        Path samples = out.resolve(DemoCommand.SAMPLES_FILE);
        Path overlap = out.resolve(DemoCommand.OVERLAP_FILE);
        assertTrue(run.out().contains("wrote " + samples) && run.out().contains("wrote " + overlap), run.out());
        BufferedImage samplesImage = ImageIO.read(samples.toFile());
        assertNotNull(samplesImage);
        assertTrue(samplesImage.getWidth() >= 2 * 128);
        assertNotNull(ImageIO.read(overlap.toFile()));
        try (var files = Files.list(out)) {
            assertEquals(2, files.count(), "only the two pictures, no temporary files");
        }
    }

    @Test
    void rejectsABatchOutOfRange(@TempDir Path dir) {
        CliRun.of("demo", "--batch", "0", "--out", dir.toString()).failedWith("--batch = 0: must be from 1 to 1024");
    }

    @Test
    void samplePixelsMapTanhRangeToBytes() {
        assertEquals(0, SamplePicture.byteOf(-1f));
        assertEquals(128, SamplePicture.byteOf(0f));
        assertEquals(255, SamplePicture.byteOf(1f));
        assertEquals(255, SamplePicture.byteOf(3f));
    }
}
