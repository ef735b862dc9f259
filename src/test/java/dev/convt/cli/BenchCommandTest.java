package dev.convt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private int bench(String... args) {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** The last line on stderr: a failure is one line, "bench: <message>". */
    private String lastError() {
        String[] lines = err.toString().strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void benchWritesTableJsonAndChart() throws IOException {
        Path json = dir.resolve("out/bench.json");
        Path png = dir.resolve("bench.png");
        int exit = bench("--only", "dcgan-l1-b1,depthwise-bilinear-k16s8-b1", "--min-time", "0.001",
                "--json", json.toString(), "--chart", png.toString(), "--peak-cache", dir.resolve("peak.json").toString());
        assertEquals(0, exit, err.toString());
        String table = out.toString();
        assertTrue(table.startsWith("shape "), table);
        assertTrue(table.contains("dcgan-l1-b1 "), table);
        assertTrue(table.contains("suite, GFLOP-weighted"), table);
        assertTrue(err.toString().contains("[1/2] dcgan-l1-b1"), "progress on stderr: " + err);

        JsonArray rows = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        assertEquals(2, rows.size());
        JsonObject first = rows.get(0).getAsJsonObject();
        assertEquals("dcgan-l1-b1", first.get("name").getAsString());
        assertTrue(first.get("median_ms").getAsDouble() > 0);
        assertEquals(2.0 * 100 * 1024 * 4 * 4 / 1e9 / (first.get("median_ms").getAsDouble() / 1e3), first.get("gflops").getAsDouble(), 1e-6);
        assertEquals(1, first.get("threads").getAsInt());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void kernelOptionTimesTheChosenPathAndRefusesShapesItCannotRun() throws IOException {
        Path json = dir.resolve("scatter.json");
        Path peaks = dir.resolve("peak.json");
        assertEquals(0, bench("--only", "unet-up-k2s2-b1", "--kernel", "SCATTER", "--min-time", "0.001", "--json", json.toString(),
                "--peak-cache", peaks.toString()), err.toString());
        JsonObject row = JsonParser.parseString(Files.readString(json)).getAsJsonArray().get(0).getAsJsonObject();
        assertTrue(row.get("plan").getAsString().contains("path SCATTER: plain scatter (col2im)"), row.toString());

        assertEquals(1, bench("--only", "dcgan-l1-b1", "--kernel", "DEPTHWISE_ROWS", "--peak-cache", peaks.toString()));
        assertEquals("bench: --kernel = DEPTHWISE_ROWS: cannot run shape dcgan-l1-b1 (it needs one input and one output channel "
                + "per group); choose shapes with --only", lastError());
        assertEquals(2, bench("--kernel", "FASTEST"));
    }

    @Test
    void anUnwritableOutputIsOneMessageNamingTheOption() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path json = notADirectory.resolve("bench.json");
        assertEquals(1, bench("--only", "dcgan-l1-b1", "--min-time", "0.001", "--json", json.toString(),
                "--peak-cache", dir.resolve("peak.json").toString()));
        assertTrue(lastError().startsWith("bench: --json = " + json + ": cannot be written (FileAlreadyExistsException: "),
                lastError());
    }

    @Test
    void badArgumentsFailBeforeTimingAndWriteNothing() {
        Path json = dir.resolve("bench.json");
        assertEquals(1, bench("--only", "no-such-shape", "--json", json.toString(), "--peak-cache", dir.resolve("p.json").toString()));
        assertTrue(lastError().startsWith("bench: shape = no-such-shape: is not in suite"), lastError());
        assertFalse(Files.exists(json));
        assertEquals("", out.toString());

        assertEquals(1, bench("--threads", "0"));
        assertEquals("bench: --threads = 0: must be >= 1", lastError());
        assertEquals(1, bench("--compare", dir.resolve("missing.json").toString()));
        assertEquals("bench: results file = " + dir.resolve("missing.json") + ": no such file", lastError());
    }
}
