package dev.convt.cli;

import dev.convt.AutoPad;
import dev.convt.ConvTranspose2d;
import dev.convt.ConvTransposePlan;
import dev.convt.InvalidParameterException;
import dev.convt.PlanOptions;
import dev.convt.Tensor;
import dev.convt.io.Npy;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convt run}: one transposed convolution on .npy files, through the engine. */
@Command(name = "run",
        header = "Run one transposed convolution on .npy files.",
        customSynopsis = "convt run --input X.npy --weight W.npy [--bias B.npy] [OPTION...] --output Y.npy",
        description = {
            "Computes Y = ConvTranspose2d(X) with the weights (and bias) in .npy files, on the Vector API engine.",
            "In and out channels and the kernel size come from the weight's shape (C_in, C_out/groups, kH, kW) "
                    + "and --groups. Y has X's dtype; a weight or bias of the other dtype is converted to it.",
            "On any problem convt prints one line naming it, exits with status 1 and leaves no output file "
                    + "(Y is written to a temporary file beside it and renamed when complete).",
            ""},
        footer = {
            "",
            "Output size, per axis:",
            "  out = (in-1)*stride - pad_begin - pad_end + dilation*(kernel-1) + output_padding + 1",
            "  (pad_begin/pad_end: top/bottom for the height, left/right for the width)",
            "",
            "Requested sizes:",
            "  --output-size   PyTorch output_size: keeps the padding and chooses output_padding in [0, stride)",
            "                  so that out equals it; fails when no output_padding reaches it. With --auto-pad",
            "                  same_upper or same_lower it means ONNX output_shape instead.",
            "  --output-shape  ONNX output_shape: generates pad_begin and pad_end so that out equals it",
            "                  (total = formula with no padding - requested; an odd total puts the extra pad",
            "                  at the end for same_upper, at the beginning otherwise).",
            "",
            "Example (PyTorch ConvTranspose2d(64, 32, 4, stride=2, padding=1)):",
            "  convt run --input x.npy --weight w.npy --bias b.npy --stride 2 --padding 1 --output y.npy"})
final class RunCommand extends ConvtCommand {
    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "Input, shape (N, C_in, H, W), float32 or float64.")
    Path input;

    @Option(names = "--weight", required = true, paramLabel = "W.npy",
            description = "Weights, shape (C_in, C_out/groups, kH, kW) as in PyTorch and ONNX.")
    Path weight;

    @Option(names = "--bias", paramLabel = "B.npy",
            description = "Bias, shape (C_out). Without it no bias is added.")
    Path bias;

    @Option(names = "--stride", paramLabel = "S|SH,SW", defaultValue = "1",
            description = "Stride: one value for both axes, or height,width. Default: ${DEFAULT-VALUE}.")
    String stride;

    @Option(names = "--padding", paramLabel = "P|PH,PW|TOP,LEFT,BOTTOM,RIGHT", defaultValue = "0",
            description = {"Zero padding removed from the output (PyTorch padding, ONNX pads): P on every side, "
                    + "PH top and bottom with PW left and right, or each side. ONNX pads (x1_begin, x2_begin, x1_end, x2_end) "
                    + "are TOP,LEFT,BOTTOM,RIGHT. Default: ${DEFAULT-VALUE}."})
    String padding;

    @Option(names = "--output-padding", paramLabel = "P|PH,PW", defaultValue = "0",
            description = "Extra rows/columns at the bottom/right (PyTorch output_padding); must be smaller than "
                    + "the stride or the dilation of its axis. Default: ${DEFAULT-VALUE}.")
    String outputPadding;

    @Option(names = "--dilation", paramLabel = "D|DH,DW", defaultValue = "1",
            description = "Spacing between kernel taps. Default: ${DEFAULT-VALUE}.")
    String dilation;

    @Option(names = "--groups", paramLabel = "G", defaultValue = "1",
            description = "Channel groups; C_in and C_out must be divisible by it (C_in for depthwise). Default: ${DEFAULT-VALUE}.")
    int groups;

    @Option(names = "--output-size", paramLabel = "H,W",
            description = "PyTorch output_size (see below); with --auto-pad same_upper/same_lower: ONNX output_shape.")
    String outputSize;

    @Option(names = "--output-shape", paramLabel = "H,W",
            description = "ONNX output_shape: the pads are generated to reach it (see below); not with --padding.")
    String outputShape;

    @Option(names = "--auto-pad", paramLabel = "MODE", defaultValue = "notset",
            description = "ONNX auto_pad: notset (use --padding), same_upper or same_lower (output = input*stride "
                    + "unless --output-size/--output-shape says otherwise; pads generated), valid (no padding). "
                    + "Default: ${DEFAULT-VALUE}.")
    String autoPad;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads, the calling one included. Default: the number of processors.")
    Integer threads;

    @Option(names = "--output", required = true, paramLabel = "Y.npy",
            description = "Where to write the output, shape (N, C_out, H_out, W_out), X's dtype; replaced if it exists.")
    Path output;

    @Override
    int execute() throws Exception {
        // The options first: a typo should not have to wait for large files to load.
        Geometry geometry = Geometry.parse(this);
        PlanOptions options = PlanOptions.defaults().withThreads(threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        Tensor x = Npy.read(input);
        Tensor w = Npy.read(weight);
        Tensor b = bias == null ? null : Npy.read(bias);
        ConvTranspose2d convolution = geometry.convolution(x, w, b != null);
        Tensor y;
        try (ConvTransposePlan plan = convolution.plan(x.shape(), sameDtype(w, x), b == null ? null : sameDtype(b, x), options)) {
            y = plan.execute(x);
        }
        OutputFiles.replace(output, out -> Npy.write(out, y));
        out().println("wrote " + output + ": " + y.dtype() + " " + Arrays.toString(y.shape()));
        return 0;
    }

    /** The parameters the options give, parsed; with the weight's shape they make the convolution. */
    private record Geometry(int[] stride, int[] dilation, int[] outputPadding, int[] padding, int groups, AutoPad autoPad,
                            int[] outputSize, int[] outputShape) {

        static Geometry parse(RunCommand options) {
            if (options.groups < 1) {
                throw new InvalidParameterException("--groups", options.groups, "must be >= 1");
            }
            if (options.outputSize != null && options.outputShape != null) {
                throw new InvalidParameterException("--output-size", options.outputSize,
                        "must not be given together with --output-shape; use one");
            }
            AutoPad autoPad = AutoPad.parse(options.autoPad);
            int[] size = options.outputSize == null ? null : OptionValues.pair("--output-size", options.outputSize, "H,W");
            int[] shape = options.outputShape == null ? null : OptionValues.pair("--output-shape", options.outputShape, "H,W");
            if (size != null && (autoPad == AutoPad.SAME_UPPER || autoPad == AutoPad.SAME_LOWER)) {
                // ONNX exporters write the requested size as output_shape; with SAME padding that is what it means.
                shape = size;
                size = null;
            }
            return new Geometry(
                    OptionValues.pair("--stride", options.stride, "S or SH,SW"),
                    OptionValues.pair("--dilation", options.dilation, "D or DH,DW"),
                    OptionValues.pair("--output-padding", options.outputPadding, "P or PH,PW"),
                    OptionValues.ints("--padding", options.padding, "P, PH,PW or TOP,LEFT,BOTTOM,RIGHT", 1, 2, 4),
                    options.groups, autoPad, size, shape);
        }

        /** The convolution for input {@code x} and weight {@code w}: channels and kernel come from {@code w}'s shape. */
        ConvTranspose2d convolution(Tensor x, Tensor w, boolean hasBias) {
            if (x.rank() != 4) {
                throw new InvalidParameterException("input shape", Arrays.toString(x.shape()), "must have rank 4 (N, C_in, H, W)");
            }
            if (w.rank() != 4) {
                throw new InvalidParameterException("weight shape", Arrays.toString(w.shape()), "must have rank 4 (C_in, C_out/groups, kH, kW)");
            }
            if (x.dim(1) != w.dim(0)) {
                throw new InvalidParameterException("input channels", x.dim(1), "must equal the weight's first dimension, C_in = "
                        + w.dim(0) + " (input shape " + Arrays.toString(x.shape()) + ", weight shape " + Arrays.toString(w.shape()) + ")");
            }
            long outChannels = (long) w.dim(1) * groups;
            if (outChannels > Integer.MAX_VALUE) {
                throw new InvalidParameterException("--groups", groups, "makes C_out = " + w.dim(1) + " * groups too large");
            }
            ConvTranspose2d.Builder builder = ConvTranspose2d.builder(w.dim(0), (int) outChannels, w.dim(2), w.dim(3))
                    .stride(stride[0], stride[1]).dilation(dilation[0], dilation[1])
                    .outputPadding(outputPadding[0], outputPadding[1]).groups(groups).bias(hasBias).autoPad(autoPad);
            switch (padding.length) {
                case 1 -> builder.padding(padding[0]);
                case 2 -> builder.padding(padding[0], padding[1]);
                default -> builder.padding(padding[0], padding[1], padding[2], padding[3]);
            }
            if (outputSize != null) {
                builder.outputSize(outputSize[0], outputSize[1]);
            }
            if (outputShape != null) {
                builder.outputShape(outputShape[0], outputShape[1]);
            }
            return builder.build();
        }
    }

    private static Tensor sameDtype(Tensor tensor, Tensor like) {
        return tensor.dtype() == like.dtype() ? tensor : Tensor.fromDoubles(like.dtype(), tensor.toDoubleArray(), tensor.shape());
    }
}
