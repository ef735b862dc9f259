package dev.convt;

/**
 * A parameter, shape or tensor that convt cannot accept. The message always names the parameter,
 * the value it had and the rule it broke, e.g. {@code stride_h = 0: must be >= 1}.
 */
public final class InvalidParameterException extends IllegalArgumentException {
    private final String parameter;
    private final String value;
    private final String rule;

    public InvalidParameterException(String parameter, Object value, String rule) {
        super(parameter + " = " + value + ": " + rule);
        this.parameter = parameter;
        this.value = String.valueOf(value);
        this.rule = rule;
    }

    /** The parameter's name as PyTorch and ONNX users know it (with {@code _h}/{@code _w} per axis). */
    public String parameter() {
        return parameter;
    }

    public String value() {
        return value;
    }

    public String rule() {
        return rule;
    }
}
