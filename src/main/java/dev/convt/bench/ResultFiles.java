package dev.convt.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.convt.InvalidParameterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads benchmark results in the three formats the project meets, told apart by their shape:
 * <ul>
 *   <li>{@code convt bench --json}: an array of {@code {name, median_ms, gflops, threads, ...}};</li>
 *   <li>JMH's {@code -rf json}: an array of {@code {benchmark, params, primaryMetric}} from the
 *       {@code jmh/} benchmarks, in AverageTime mode, of which the plan benchmark's rows are taken;
 *       GFLOP/s are computed from the time and the work of the built-in suite's shape that the
 *       {@code shape} parameter names;</li>
 *   <li>{@code torch_bench.py --out}: an object {@code {meta, results: [{name, runs: {variant: {ms, gflops}}}]}},
 *       of which one variant (such as {@code onednn-1T}) is taken.</li>
 * </ul>
 */
public final class ResultFiles {
    /** The JMH benchmark that times a plan; the others (the references, for scale) are not read. */
    static final String PLAN_BENCHMARK = "dev.convt.jmh.PlanBenchmark.execute";
    private static final Pattern VARIANT_THREADS = Pattern.compile("-(\\d+)T$");

    private ResultFiles() {
    }

    /**
     * Reads the results in {@code file}.
     *
     * @param variant which torch_bench variant to take; {@code null} for the only one, or else
     *                {@code onednn-<threads>T}
     * @param threads the thread count to take from a file that holds several (results of one
     *                thread count are taken as they are); {@code null} when there is no preference
     */
    public static ResultSet read(Path file, String variant, Integer threads) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidParameterException("results file", file, "no such file");
        } catch (IOException e) {
            throw new InvalidParameterException("results file", file, "cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString(), variant, threads);
    }

    /** Parses results JSON; {@code source} names it in error messages. */
    public static ResultSet parse(String json, String source, String variant, Integer threads) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new InvalidParameterException("results file " + source, "not valid JSON", BenchSuite.rootMessage(e));
        }
        Reader reader = new Reader(source);
        if (root.isJsonObject() && root.getAsJsonObject().has("results")) {
            return reader.torch(root.getAsJsonObject(), variant, threads);
        }
        if (root.isJsonArray() && !root.getAsJsonArray().isEmpty() && root.getAsJsonArray().get(0).isJsonObject()) {
            JsonObject first = root.getAsJsonArray().get(0).getAsJsonObject();
            if (first.has("primaryMetric")) {
                return reader.jmh(root.getAsJsonArray(), threads);
            }
            if (first.has("median_ms")) {
                return reader.convt(root.getAsJsonArray(), threads);
            }
        }
        throw new InvalidParameterException("results file " + source, "of unknown format",
                "expected convt bench --json output, JMH -rf json output or torch_bench.py --out output");
    }

    /** Reading state for one file: its name, for messages. */
    private record Reader(String source) {

        ResultSet convt(JsonArray rows, Integer threads) {
            List<Row> all = new ArrayList<>();
            double peak = Double.NaN;
            for (JsonElement element : rows) {
                JsonObject row = object(element, "entry");
                String name = string(row, "name");
                all.add(new Row(optionalInt(row, "threads", 0, name), new BenchResult(name,
                        number(row, "median_ms", name), number(row, "gflops", name))));
                if (row.has("peak_gflops")) {
                    peak = number(row, "peak_gflops", name);
                }
            }
            int chosen = chooseThreads(all, threads);
            return new ResultSet("convt", chosen, keep(all, chosen), peak);
        }

        ResultSet jmh(JsonArray rows, Integer threads) {
            BenchSuite suite = BenchSuite.builtIn();
            List<Row> all = new ArrayList<>();
            for (JsonElement element : rows) {
                JsonObject row = object(element, "entry");
                if (!PLAN_BENCHMARK.equals(string(row, "benchmark"))) {
                    continue;
                }
                JsonObject params = object(row.get("params"), PLAN_BENCHMARK + " params");
                String name = string(params, "shape");
                JsonObject primary = object(row.get("primaryMetric"), name + " primaryMetric");
                double ms = number(primary, "score", name) * millisecondsPer(string(primary, "scoreUnit"), name);
                double gflops = suite.shape(name).flops() / 1e9 / (ms / 1e3);
                all.add(new Row(Integer.parseInt(string(params, "threads")), new BenchResult(name, ms, gflops)));
            }
            if (all.isEmpty()) {
                throw invalid(PLAN_BENCHMARK, "has no results in it");
            }
            int chosen = chooseThreads(all, threads);
            return new ResultSet("convt (JMH)", chosen, keep(all, chosen), Double.NaN);
        }

        ResultSet torch(JsonObject root, String variant, Integer threads) {
            JsonElement resultsElement = root.get("results");
            if (!resultsElement.isJsonArray()) {
                throw invalid("results", "must be an array");
            }
            JsonArray rows = resultsElement.getAsJsonArray();
            Set<String> variants = new TreeSet<>();
            for (JsonElement element : rows) {
                JsonObject row = object(element, "entry");
                variants.addAll(object(row.get("runs"), string(row, "name") + " runs").keySet());
            }
            String chosen = chooseVariant(variants, variant, threads);
            List<BenchResult> results = new ArrayList<>();
            for (JsonElement element : rows) {
                JsonObject row = element.getAsJsonObject();
                String name = string(row, "name");
                JsonElement run = row.getAsJsonObject("runs").get(chosen);
                if (run != null) {
                    JsonObject timing = object(run, name + " " + chosen);
                    results.add(new BenchResult(name, number(timing, "ms", name), number(timing, "gflops", name)));
                }
            }
            Matcher suffix = VARIANT_THREADS.matcher(chosen);
            return new ResultSet("PyTorch " + chosen, suffix.find() ? Integer.parseInt(suffix.group(1)) : 0, results, Double.NaN);
        }

        private String chooseVariant(Set<String> variants, String variant, Integer threads) {
            if (variants.isEmpty()) {
                throw invalid("runs", "are all empty");
            }
            if (variant != null) {
                if (!variants.contains(variant)) {
                    throw invalid("variant " + variant, "is not in it; it has " + String.join(", ", variants));
                }
                return variant;
            }
            if (variants.size() == 1) {
                return variants.iterator().next();
            }
            if (threads != null && variants.contains("onednn-" + threads + "T")) {
                return "onednn-" + threads + "T";
            }
            throw invalid("variants", "are several (" + String.join(", ", variants) + "); name the one to use");
        }

        private int chooseThreads(List<Row> rows, Integer threads) {
            Set<Integer> present = new TreeSet<>();
            rows.forEach(row -> present.add(row.threads()));
            if (present.size() == 1) {
                return present.iterator().next();
            }
            if (threads == null) {
                throw invalid("thread counts", present + " are mixed; choose one with --threads");
            }
            if (!present.contains(threads)) {
                throw invalid("threads " + threads, "has no results; it has thread counts " + present);
            }
            return threads;
        }

        private static List<BenchResult> keep(List<Row> rows, int threads) {
            return rows.stream().filter(row -> row.threads() == threads).map(Row::result).toList();
        }

        private double millisecondsPer(String unit, String name) {
            return switch (unit) {
                case "s/op" -> 1e3;
                case "ms/op" -> 1;
                case "us/op" -> 1e-3;
                case "ns/op" -> 1e-6;
                default -> throw invalid(name + " scoreUnit " + unit, "is not a time per operation (run JMH in mode avgt)");
            };
        }

        private JsonObject object(JsonElement element, String what) {
            if (element == null || !element.isJsonObject()) {
                throw invalid(what, "must be a JSON object");
            }
            return element.getAsJsonObject();
        }

        private String string(JsonObject o, String key) {
            JsonElement value = o.get(key);
            if (value == null || !value.isJsonPrimitive()) {
                throw invalid(key, "is missing or not a string");
            }
            return value.getAsString();
        }

        private double number(JsonObject o, String key, String where) {
            JsonElement value = o.get(key);
            if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
                throw invalid(where + " " + key, "is missing or not a number");
            }
            return value.getAsDouble();
        }

        private int optionalInt(JsonObject o, String key, int fallback, String where) {
            return o.has(key) ? (int) number(o, key, where) : fallback;
        }

        private InvalidParameterException invalid(String what, String rule) {
            return new InvalidParameterException("results file " + source, what, rule);
        }
    }

    /** A result with the thread count it was measured at, before the results are narrowed to one count. */
    private record Row(int threads, BenchResult result) {
    }
}
