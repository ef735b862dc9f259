package dev.convt.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.convt.InvalidParameterException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of named {@link BenchShape}s, read from JSON: an array of objects with
 * {@code name, N, Cin, H, W, Cout, K, S, P} and optionally {@code OP} (0), {@code D} (1) and
 * {@code G} (1); {@code K, S, P, OP, D} are an integer or {@code [h, w]}. Other keys (such as a
 * precomputed {@code gflop}) are ignored. Every shape is checked as a convolution when read.
 */
public final class BenchSuite {
    /** The 17 shapes of real models that the project measures itself by (see the README). */
    public static final String BUILT_IN = "suite-17.json";

    private final String source;
    private final Map<String, BenchShape> shapes;

    private BenchSuite(String source, Map<String, BenchShape> shapes) {
        this.source = source;
        this.shapes = shapes;
    }

    public static BenchSuite builtIn() {
        try (InputStream in = BenchSuite.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILT_IN + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BenchSuite read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidParameterException("suite", file, "no such file");
        } catch (IOException e) {
            throw new InvalidParameterException("suite", file, "cannot be read: " + e.getMessage());
        }
    }

    /** Parses suite JSON; {@code source} names it in error messages. */
    public static BenchSuite parse(String json, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new InvalidParameterException("suite " + source, "not valid JSON", rootMessage(e));
        }
        if (!root.isJsonArray() || root.getAsJsonArray().isEmpty()) {
            throw new InvalidParameterException("suite " + source, abbreviated(root), "must be a non-empty JSON array of shapes");
        }
        JsonArray entries = root.getAsJsonArray();
        Map<String, BenchShape> shapes = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            BenchShape shape = shape(entries.get(i), source + ", shape " + (i + 1));
            if (shapes.putIfAbsent(shape.name(), shape) != null) {
                throw new InvalidParameterException(source + ", shape " + (i + 1) + ", name", shape.name(), "appears twice; names must be unique");
            }
        }
        return new BenchSuite(source, shapes);
    }

    public List<BenchShape> shapes() {
        return List.copyOf(shapes.values());
    }

    public BenchShape shape(String name) {
        BenchShape shape = shapes.get(name);
        if (shape == null) {
            throw new InvalidParameterException("shape", name, "is not in suite " + source + "; it has " + String.join(", ", shapes.keySet()));
        }
        return shape;
    }

    /** The shapes named, in the suite's order; fails on a name the suite does not have. */
    public List<BenchShape> only(List<String> names) {
        names.forEach(this::shape);
        List<BenchShape> selected = new ArrayList<>();
        for (BenchShape shape : shapes.values()) {
            if (names.contains(shape.name())) {
                selected.add(shape);
            }
        }
        return selected;
    }

    private static BenchShape shape(JsonElement element, String where) {
        if (!element.isJsonObject()) {
            throw new InvalidParameterException(where, abbreviated(element), "must be a JSON object");
        }
        JsonObject o = element.getAsJsonObject();
        JsonElement nameElement = o.get("name");
        if (nameElement == null || !nameElement.isJsonPrimitive() || !nameElement.getAsJsonPrimitive().isString()
                || nameElement.getAsString().isBlank()) {
            throw new InvalidParameterException(where + ", name", nameElement, "must be a non-empty string");
        }
        String name = nameElement.getAsString();
        String at = where + " (" + name + ")";
        int[] kernel = pair(o, "K", null, at);
        int[] stride = pair(o, "S", null, at);
        int[] padding = pair(o, "P", null, at);
        int[] outputPadding = pair(o, "OP", 0, at);
        int[] dilation = pair(o, "D", 1, at);
        BenchShape shape = new BenchShape(name, integer(o, "N", null, at), integer(o, "Cin", null, at),
                integer(o, "H", null, at), integer(o, "W", null, at), integer(o, "Cout", null, at),
                kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1],
                outputPadding[0], outputPadding[1], dilation[0], dilation[1], integer(o, "G", 1, at));
        try {
            shape.problem();
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException(at, "not a valid convolution", e.getMessage());
        }
        return shape;
    }

    private static int integer(JsonObject o, String key, Integer fallback, String at) {
        JsonElement value = o.get(key);
        if (value == null && fallback != null) {
            return fallback;
        }
        return asInt(value, at + ", " + key, "must be an integer");
    }

    private static int[] pair(JsonObject o, String key, Integer fallback, String at) {
        JsonElement value = o.get(key);
        if (value == null && fallback != null) {
            return new int[] {fallback, fallback};
        }
        String rule = "must be an integer or [h, w]";
        if (value != null && value.isJsonArray()) {
            JsonArray hw = value.getAsJsonArray();
            if (hw.size() != 2) {
                throw new InvalidParameterException(at + ", " + key, value, rule);
            }
            return new int[] {asInt(hw.get(0), at + ", " + key, rule), asInt(hw.get(1), at + ", " + key, rule)};
        }
        int both = asInt(value, at + ", " + key, rule);
        return new int[] {both, both};
    }

    private static int asInt(JsonElement value, String parameter, String rule) {
        if (value == null) {
            throw new InvalidParameterException(parameter, "missing", rule);
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            JsonPrimitive number = value.getAsJsonPrimitive();
            double d = number.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new InvalidParameterException(parameter, value, rule);
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static String abbreviated(JsonElement element) {
        String text = String.valueOf(element);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
