package dev.convt.verify;

import dev.convt.DType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Which parameter ranges the cases of a verify run covered: the smallest and largest value of
 * each parameter, and how often the situations the engine treats specially came up.
 * Thread-safe.
 */
public final class Coverage {
    private static final Map<String, ToIntFunction<ConvCase>> PARAMETERS = new LinkedHashMap<>();
    private static final Map<String, Predicate<ConvCase>> SITUATIONS = new LinkedHashMap<>();

    static {
        PARAMETERS.put("batch", ConvCase::batch);
        PARAMETERS.put("in channels", ConvCase::inChannels);
        PARAMETERS.put("out channels", ConvCase::outChannels);
        PARAMETERS.put("groups", ConvCase::groups);
        PARAMETERS.put("input height", ConvCase::inputH);
        PARAMETERS.put("input width", ConvCase::inputW);
        PARAMETERS.put("kernel height", ConvCase::kernelH);
        PARAMETERS.put("kernel width", ConvCase::kernelW);
        PARAMETERS.put("stride h", ConvCase::strideH);
        PARAMETERS.put("stride w", ConvCase::strideW);
        PARAMETERS.put("dilation h", ConvCase::dilationH);
        PARAMETERS.put("dilation w", ConvCase::dilationW);
        PARAMETERS.put("pad top", ConvCase::padTop);
        PARAMETERS.put("pad left", ConvCase::padLeft);
        PARAMETERS.put("pad bottom", ConvCase::padBottom);
        PARAMETERS.put("pad right", ConvCase::padRight);
        PARAMETERS.put("output padding h", ConvCase::outputPaddingH);
        PARAMETERS.put("output padding w", ConvCase::outputPaddingW);
        PARAMETERS.put("output height", ConvCase::outputH);
        PARAMETERS.put("output width", ConvCase::outputW);

        SITUATIONS.put("float32", c -> c.dtype() == DType.FLOAT32);
        SITUATIONS.put("float64", c -> c.dtype() == DType.FLOAT64);
        SITUATIONS.put("with bias", ConvCase::bias);
        SITUATIONS.put("grouped", c -> c.groups() > 1);
        SITUATIONS.put("depthwise", c -> c.groups() > 1 && c.groups() == c.inChannels());
        SITUATIONS.put("1x1 input", c -> c.inputH() == 1 && c.inputW() == 1);
        SITUATIONS.put("kernel larger than input", c -> c.kernelH() > c.inputH() || c.kernelW() > c.inputW());
        SITUATIONS.put("pad beyond the kernel", Coverage::padsBeyondKernel);
        SITUATIONS.put("asymmetric pads", c -> c.padTop() != c.padBottom() || c.padLeft() != c.padRight());
        SITUATIONS.put("output padding", c -> c.outputPaddingH() > 0 || c.outputPaddingW() > 0);
        SITUATIONS.put("channels not a multiple of 8", c -> c.outChannels() / c.groups() % 8 != 0);
    }

    private static final int RANGES_PER_LINE = 4;

    private final int[] min = new int[PARAMETERS.size()];
    private final int[] max = new int[PARAMETERS.size()];
    private final long[] situations = new long[SITUATIONS.size()];
    private long cases;

    /** A pad larger than the dilated kernel's reach {@code dilation*(k-1)}: it crops real output. */
    private static boolean padsBeyondKernel(ConvCase c) {
        int reachH = c.dilationH() * (c.kernelH() - 1);
        int reachW = c.dilationW() * (c.kernelW() - 1);
        return Math.max(c.padTop(), c.padBottom()) > reachH || Math.max(c.padLeft(), c.padRight()) > reachW;
    }

    public synchronized void record(ConvCase c) {
        int i = 0;
        for (ToIntFunction<ConvCase> parameter : PARAMETERS.values()) {
            int value = parameter.applyAsInt(c);
            min[i] = cases == 0 ? value : Math.min(min[i], value);
            max[i] = cases == 0 ? value : Math.max(max[i], value);
            i++;
        }
        i = 0;
        for (var situation : SITUATIONS.values()) {
            if (situation.test(c)) {
                situations[i]++;
            }
            i++;
        }
        cases++;
    }

    public synchronized long cases() {
        return cases;
    }

    /** How many recorded cases were in {@code situation} (one of the names {@link #describe()} lists). */
    public synchronized long count(String situation) {
        return situations[indexOf(SITUATIONS.keySet(), situation)];
    }

    /** The smallest and largest recorded value of {@code parameter} (a name {@link #describe()} lists). */
    public synchronized int[] range(String parameter) {
        int i = indexOf(PARAMETERS.keySet(), parameter);
        return new int[] {min[i], max[i]};
    }

    private static int indexOf(Iterable<String> names, String name) {
        int i = 0;
        for (String candidate : names) {
            if (candidate.equals(name)) {
                return i;
            }
            i++;
        }
        throw new IllegalArgumentException("no such coverage entry: " + name);
    }

    /**
     * The ranges, a few parameters per line ({@code stride h 1..5, stride w 1..5, ...}), then one
     * line with the situation counts.
     */
    public synchronized List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (cases == 0) {
            lines.add("no cases");
            return lines;
        }
        List<String> ranges = new ArrayList<>();
        int i = 0;
        for (String name : PARAMETERS.keySet()) {
            ranges.add(name + " " + (min[i] == max[i] ? String.valueOf(min[i]) : min[i] + ".." + max[i]));
            i++;
        }
        for (int from = 0; from < ranges.size(); from += RANGES_PER_LINE) {
            lines.add(String.join(", ", ranges.subList(from, Math.min(ranges.size(), from + RANGES_PER_LINE))));
        }
        StringBuilder counts = new StringBuilder("cases " + cases + ":");
        i = 0;
        for (String name : SITUATIONS.keySet()) {
            counts.append(i == 0 ? " " : ", ").append(name).append(' ').append(situations[i]);
            i++;
        }
        lines.add(counts.toString());
        return lines;
    }
}
