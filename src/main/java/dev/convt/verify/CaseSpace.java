package dev.convt.verify;

import dev.convt.DType;
import dev.convt.InvalidParameterException;
import java.util.Locale;

/**
 * The limits and filters {@link ConvCases} generates within. The tests use {@link #defaults()}
 * (small, so the suite stays fast) unless system properties say otherwise; {@code convt verify}
 * sets its own space for the duration of a run with {@link #use}.
 *
 * @param maxSize        largest input height and width
 * @param maxKernel      largest kernel height and width
 * @param maxChannels    most input (and output) channels in total, over all groups
 * @param maxBatch       largest batch
 * @param maxWork        most multiply-adds the zero-interpolation reference may spend on one case
 *                       ({@link ConvCase#referenceWork()}); larger cases are discarded
 * @param dtype          only this dtype, or {@code null} for both
 * @param groupedOnly    only cases with groups > 1
 * @param depthwiseOnly  only depthwise cases (one input channel per group, groups > 1)
 */
public record CaseSpace(int maxSize, int maxKernel, int maxChannels, int maxBatch, long maxWork,
                        DType dtype, boolean groupedOnly, boolean depthwiseOnly) {

    /** The prefix of the system properties {@link #fromSystemProperties()} reads, e.g. {@code -Dconvt.cases.maxSize=12}. */
    public static final String PROPERTY_PREFIX = "convt.cases.";

    private static volatile CaseSpace override;

    public CaseSpace {
        positive("maxSize", maxSize);
        positive("maxKernel", maxKernel);
        positive("maxChannels", maxChannels);
        positive("maxBatch", maxBatch);
        if (maxWork < 1) {
            throw new InvalidParameterException("maxWork", maxWork, "must be >= 1");
        }
        if ((groupedOnly || depthwiseOnly) && maxChannels < 2) {
            throw new InvalidParameterException("maxChannels", maxChannels, "must be >= 2 when only grouped or depthwise cases are wanted");
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new InvalidParameterException(name, value, "must be >= 1");
        }
    }

    /** Small cases: inputs up to 8x8, kernels up to 7x7, up to 40 channels, batch up to 4. */
    public static CaseSpace defaults() {
        return new CaseSpace(8, 7, 40, 4, 2_000_000, null, false, false);
    }

    /**
     * The space for inputs up to {@code size}, with a work budget that grows with the input area
     * so that bigger inputs are not all discarded.
     */
    public CaseSpace withMaxSize(int size) {
        long work = Math.max(defaults().maxWork, 30_000L * size * size);
        return new CaseSpace(size, maxKernel, maxChannels, maxBatch, work, dtype, groupedOnly, depthwiseOnly);
    }

    public CaseSpace withMaxChannels(int channels) {
        return new CaseSpace(maxSize, maxKernel, channels, maxBatch, maxWork, dtype, groupedOnly, depthwiseOnly);
    }

    public CaseSpace withDType(DType only) {
        return new CaseSpace(maxSize, maxKernel, maxChannels, maxBatch, maxWork, only, groupedOnly, depthwiseOnly);
    }

    public CaseSpace withGroupedOnly(boolean only) {
        return new CaseSpace(maxSize, maxKernel, maxChannels, maxBatch, maxWork, dtype, only, depthwiseOnly);
    }

    public CaseSpace withDepthwiseOnly(boolean only) {
        return new CaseSpace(maxSize, maxKernel, maxChannels, maxBatch, maxWork, dtype, groupedOnly, only);
    }

    /**
     * The space in force: the one a running {@code convt verify} set with {@link #use}, else
     * {@link #fromSystemProperties()}.
     */
    public static CaseSpace current() {
        CaseSpace set = override;
        return set != null ? set : fromSystemProperties();
    }

    /**
     * Makes {@code space} the {@link #current()} one until the returned handle is closed
     * (property methods cannot take arguments from their caller, so the space travels this way).
     */
    public static Scope use(CaseSpace space) {
        CaseSpace previous = override;
        override = space;
        return () -> override = previous;
    }

    /** Restores the space that was current before {@link #use}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * {@link #defaults()}, changed by {@code convt.cases.maxSize}, {@code .maxChannels},
     * {@code .dtype} ({@code float32}/{@code float64}), {@code .groupedOnly}, {@code .depthwiseOnly}.
     */
    public static CaseSpace fromSystemProperties() {
        CaseSpace space = defaults();
        String size = System.getProperty(PROPERTY_PREFIX + "maxSize");
        if (size != null) {
            space = space.withMaxSize(Integer.parseInt(size.trim()));
        }
        String channels = System.getProperty(PROPERTY_PREFIX + "maxChannels");
        if (channels != null) {
            space = space.withMaxChannels(Integer.parseInt(channels.trim()));
        }
        String dtype = System.getProperty(PROPERTY_PREFIX + "dtype");
        if (dtype != null) {
            space = space.withDType(parseDType(dtype));
        }
        return space.withGroupedOnly(Boolean.getBoolean(PROPERTY_PREFIX + "groupedOnly"))
                .withDepthwiseOnly(Boolean.getBoolean(PROPERTY_PREFIX + "depthwiseOnly"));
    }

    /** {@code float32} or {@code float64} (any case); {@code both} or {@code any} for no filter ({@code null}). */
    public static DType parseDType(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "float32", "f32" -> DType.FLOAT32;
            case "float64", "f64" -> DType.FLOAT64;
            case "both", "any" -> null;
            default -> throw new InvalidParameterException("dtype", text, "must be float32, float64 or both");
        };
    }

    /** One line for a summary, e.g. {@code inputs <= 8x8, kernels <= 7x7, <= 40 channels, batch <= 4, ..., both dtypes}. */
    public String describe() {
        return "inputs <= " + maxSize + "x" + maxSize + ", kernels <= " + maxKernel + "x" + maxKernel
                + ", <= " + maxChannels + " channels, batch <= " + maxBatch
                + ", <= " + maxWork + " reference multiply-adds per case, "
                + (dtype == null ? "both dtypes" : dtype + " only")
                + (groupedOnly ? ", groups > 1 only" : "") + (depthwiseOnly ? ", depthwise only" : "");
    }
}
