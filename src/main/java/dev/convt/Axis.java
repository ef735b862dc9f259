package dev.convt;

/**
 * The resolved geometry of one spatial axis of a transposed convolution: every padding rule
 * (explicit, ONNX {@code auto_pad}/{@code output_shape}, PyTorch {@code output_size}) has been
 * turned into concrete numbers.
 *
 * <p>Input position {@code i} and kernel tap {@code k} land on output position
 * {@code i * stride - padBegin + k * dilation}. Generated pads may be negative (ONNX
 * {@code output_shape} larger than the natural size): a negative pad adds output rows that only
 * the bias reaches, exactly as {@code outputPadding} does at the end.
 *
 * @param output {@code (input - 1) * stride - padBegin - padEnd + dilation * (kernel - 1) + outputPadding + 1}
 */
public record Axis(int input, int kernel, int stride, int dilation, int padBegin, int padEnd,
                   int outputPadding, int output) {

    /** The output size formula, in long arithmetic so that callers can check it before narrowing. */
    public static long outputSize(long input, long kernel, long stride, long dilation,
                                  long padBegin, long padEnd, long outputPadding) {
        return (input - 1) * stride - padBegin - padEnd + dilation * (kernel - 1) + outputPadding + 1;
    }

    /** The span the dilated kernel covers: {@code dilation * (kernel - 1) + 1}. */
    public int dilatedKernel() {
        return dilation * (kernel - 1) + 1;
    }

    /** Output position of input position {@code i} under tap {@code k}. */
    public int outputOf(int i, int k) {
        return i * stride - padBegin + k * dilation;
    }
}
