package dev.convt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChartCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int chart(String... args) {
        CommandLine commandLine = new CommandLine(new ChartCommand());
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void drawsAResultFileBesideATorchVariant() throws IOException {
        Path convt = dir.resolve("convt.json");
        Files.writeString(convt, """
                [{"name": "a", "median_ms": 2.0, "gflops": 50.0, "threads": 1, "peak_gflops": 117.0},
                 {"name": "b", "median_ms": 4.0, "gflops": 25.0, "threads": 1, "peak_gflops": 117.0}]
                """);
        Path torch = dir.resolve("torch.json");
        Files.writeString(torch, """
                {"results": [{"name": "a", "runs": {"onednn-1T": {"ms": 4.0, "gflops": 25.0}, "onednn-2T": {"ms": 2.0, "gflops": 50.0}}}]}
                """);
        Path png = dir.resolve("charts/vs.png");
        assertEquals(0, chart(convt.toString(), "--compare", torch.toString(), "-o", png.toString()), err.toString());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void aBadInputIsOneLineAndNoFile() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"results\": [{\"name\": \"a\", \"runs\": {\"x-1T\": {\"ms\": 1, \"gflops\": 1}, \"y-1T\": {\"ms\": 1, \"gflops\": 1}}}]}");
        Path png = dir.resolve("out.png");
        assertEquals(1, chart(bad.toString(), "-o", png.toString()));
        assertEquals("bench-chart: results file " + bad + " = variants: are several (x-1T, y-1T); name the one to use",
                err.toString().strip());
        assertFalse(Files.exists(png));
    }
}
