package dev.convt;

import java.util.Locale;

/** ONNX {@code auto_pad}: how padding is derived when it is not given explicitly. */
public enum AutoPad {
    /** Padding is explicit (the default). */
    NOTSET,
    /** Output is {@code input * stride}; an odd total padding puts the extra row at the end. */
    SAME_UPPER,
    /** Output is {@code input * stride}; an odd total padding puts the extra row at the beginning. */
    SAME_LOWER,
    /** No padding. */
    VALID;

    /** Parses ONNX spellings case-insensitively ({@code same_upper}, {@code SAME-UPPER}). */
    public static AutoPad parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (AutoPad value : values()) {
            if (value.name().equals(normalized)) {
                return value;
            }
        }
        throw new InvalidParameterException("auto_pad", text, "must be one of notset, same_upper, same_lower, valid");
    }
}
