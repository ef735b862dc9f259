package dev.convt.cli;

import dev.convt.InvalidParameterException;

/** Parses the comma-separated integer lists the options take, e.g. {@code --stride 2} or {@code --stride 2,1}. */
final class OptionValues {
    private OptionValues() {
    }

    /**
     * The integers in {@code text}; their number must be one of {@code counts}. {@code form} shows
     * the accepted spellings in the message, e.g. {@code "S or SH,SW"}.
     */
    static int[] ints(String option, String text, String form, int... counts) {
        String[] parts = text.split(",", -1);
        boolean countAllowed = false;
        for (int count : counts) {
            countAllowed |= parts.length == count;
        }
        if (!countAllowed) {
            throw new InvalidParameterException(option, text, "must be " + form + " (" + parts.length + " value(s) given)");
        }
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new InvalidParameterException(option, text, "must be " + form + " with whole numbers; '" + parts[i] + "' is not one");
            }
        }
        return values;
    }

    /** The pair (height, width) of a {@code N} or {@code H,W} option. */
    static int[] pair(String option, String text, String form) {
        int[] values = ints(option, text, form, 1, 2);
        return values.length == 2 ? values : new int[] {values[0], values[0]};
    }
}
