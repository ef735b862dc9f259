package dev.convt.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;

/**
 * The machine's FMA peak per thread count, measured once and remembered in a small JSON file
 * (default {@value #DEFAULT_FILE}, relative to the working directory) so that every bench run
 * can report "% of peak" without spending seconds on measuring it again. The file records which
 * machine it was measured on (CPU model, processor count, vector width, Java release); when that
 * does not match, or a thread count is missing, the peak is measured now and the file updated.
 */
public final class PeakCache {
    public static final String DEFAULT_FILE = "target/convt-peak.json";
    /** Long enough for a stable figure, short enough to do unasked at the start of a bench run. */
    public static final double MEASURE_SECONDS = 1.0;

    private final Path file;
    private final String machine;
    private final IntToDoubleFunction measure;
    private final Consumer<String> notes;

    /** A cache that measures with {@link FmaPeak} and tells {@code notes} when it measures or cannot write. */
    public PeakCache(Path file, Consumer<String> notes) {
        this(file, thisMachine(), threads -> FmaPeak.gflops(threads, MEASURE_SECONDS), notes);
    }

    PeakCache(Path file, String machine, IntToDoubleFunction measure, Consumer<String> notes) {
        this.file = file;
        this.machine = machine;
        this.measure = measure;
        this.notes = notes;
    }

    public Path file() {
        return file;
    }

    /** The peak in GFLOP/s at {@code threads} threads: cached, or measured now and cached. */
    public double peak(int threads) {
        Map<Integer, Double> known = load();
        Double cached = known.get(threads);
        if (cached != null) {
            return cached;
        }
        notes.accept("measuring the FMA peak at " + threads + (threads == 1 ? " thread" : " threads")
                + " (" + MEASURE_SECONDS + " s; not yet in " + file + ")");
        double measured = measure.applyAsDouble(threads);
        known.put(threads, measured);
        store(known);
        return measured;
    }

    /** Measures afresh at each thread count, replacing what the file held for them. */
    public Map<Integer, Double> remeasure(int... threadCounts) {
        Map<Integer, Double> known = load();
        Map<Integer, Double> measured = new TreeMap<>();
        for (int threads : threadCounts) {
            measured.put(threads, measure.applyAsDouble(threads));
        }
        known.putAll(measured);
        store(known);
        return measured;
    }

    /** What the file holds for this machine; nothing when it is absent, unreadable or from another machine. */
    private Map<Integer, Double> load() {
        Map<Integer, Double> known = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return known;
        }
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            if (!machine.equals(root.get("machine").getAsString())) {
                return known;
            }
            for (Map.Entry<String, JsonElement> entry : root.getAsJsonObject("gflops").entrySet()) {
                known.put(Integer.parseInt(entry.getKey()), entry.getValue().getAsDouble());
            }
        } catch (IOException | RuntimeException e) {
            // Any malformation (bad JSON, missing keys, wrong types) means the same: measure again.
            notes.accept("ignoring unreadable peak cache " + file + ": " + e.getMessage());
            known.clear();
        }
        return known;
    }

    private void store(Map<Integer, Double> known) {
        JsonObject root = new JsonObject();
        root.addProperty("machine", machine);
        JsonObject gflops = new JsonObject();
        known.forEach((threads, value) -> gflops.addProperty(String.valueOf(threads), value));
        root.add("gflops", gflops);
        try {
            AtomicFiles.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
        } catch (IOException e) {
            notes.accept("could not cache the peak in " + file + ": " + e.getMessage());
        }
    }

    /** What a peak figure depends on: the CPU, how many of it, the vector width and the JIT's release. */
    static String thisMachine() {
        String cpu = "unknown CPU";
        try {
            // The model name alone can be as vague as "AMD EPYC"; family and model tell the generations apart.
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            cpu = cpuInfo(lines, "model name") + " (family " + cpuInfo(lines, "cpu family") + ", model " + cpuInfo(lines, "model") + ")";
        } catch (IOException e) {
            // not Linux: the processor count and vector width below still tell machines apart roughly
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " processors, "
                + FmaPeak.vectorBits() + "-bit vectors, Java " + Runtime.version().feature();
    }

    private static String cpuInfo(List<String> lines, String key) {
        return lines.stream()
                .filter(line -> line.startsWith(key) && line.substring(key.length()).trim().startsWith(":"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("?");
    }
}
