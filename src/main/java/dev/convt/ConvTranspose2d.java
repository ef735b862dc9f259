package dev.convt;

import java.util.Arrays;

/**
 * The parameters of a 2-D transposed convolution with PyTorch {@code ConvTranspose2d} semantics
 * plus what ONNX {@code ConvTranspose} adds (asymmetric pads, {@code auto_pad}, {@code output_shape}).
 * Immutable; build one with {@link #builder(int, int, int)}.
 *
 * <p>Parameters that do not depend on the input are checked by {@link Builder#build()}; the rest
 * (auto padding, requested output sizes, the input's channel count) by {@link #resolve}. Every
 * failure is an {@link InvalidParameterException} naming the parameter, its value and the rule.
 *
 * <pre>{@code
 * ConvTranspose2d up = ConvTranspose2d.builder(512, 256, 4).stride(2).padding(1).build();
 * try (ConvTransposePlan plan = up.plan(new int[] {64, 512, 8, 8}, weight, bias)) {
 *     Tensor y = plan.execute(x);             // (64, 256, 16, 16)
 * }
 * }</pre>
 */
public final class ConvTranspose2d {
    private final int inChannels;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int dilationH;
    private final int dilationW;
    private final int padTop;
    private final int padLeft;
    private final int padBottom;
    private final int padRight;
    private final int outputPaddingH;
    private final int outputPaddingW;
    private final int groups;
    private final boolean bias;
    private final AutoPad autoPad;
    /** PyTorch {@code output_size}: chooses output_padding; {@code null} when not requested. */
    private final int[] outputSize;
    /** ONNX {@code output_shape}: generates the pads; {@code null} when not requested. */
    private final int[] outputShape;

    private ConvTranspose2d(Builder b) {
        inChannels = b.inChannels;
        outChannels = b.outChannels;
        kernelH = b.kernelH;
        kernelW = b.kernelW;
        strideH = b.strideH;
        strideW = b.strideW;
        dilationH = b.dilationH;
        dilationW = b.dilationW;
        padTop = b.padTop;
        padLeft = b.padLeft;
        padBottom = b.padBottom;
        padRight = b.padRight;
        outputPaddingH = b.outputPaddingH;
        outputPaddingW = b.outputPaddingW;
        groups = b.groups;
        bias = b.bias;
        autoPad = b.autoPad;
        outputSize = b.outputSize;
        outputShape = b.outputShape;
    }

    public static Builder builder(int inChannels, int outChannels, int kernel) {
        return new Builder(inChannels, outChannels, kernel, kernel);
    }

    public static Builder builder(int inChannels, int outChannels, int kernelH, int kernelW) {
        return new Builder(inChannels, outChannels, kernelH, kernelW);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int groups() {
        return groups;
    }

    public boolean hasBias() {
        return bias;
    }

    /** The weight shape this convolution expects: (in_channels, out_channels / groups, kh, kw). */
    public int[] weightShape() {
        return new int[] {inChannels, outChannels / groups, kernelH, kernelW};
    }

    /**
     * Resolves the parameters against an input of shape (batch, in_channels, height, width).
     * This is the shape-inference call: {@code resolve(shape).outputShape()} is the output shape.
     */
    public ConvTransposeProblem resolve(int... inputShape) {
        if (inputShape.length != 4) {
            throw new InvalidParameterException("input rank", inputShape.length + " (shape " + Arrays.toString(inputShape) + ")",
                    "must be 4 (N, C, H, W)");
        }
        checkPositive("input batch", inputShape[0]);
        if (inputShape[1] != inChannels) {
            throw new InvalidParameterException("input channels", inputShape[1], "must equal in_channels = " + inChannels);
        }
        checkPositive("input height", inputShape[2]);
        checkPositive("input width", inputShape[3]);
        Tensor.elementCount("input shape", inputShape);
        Axis h = resolveAxis("h", inputShape[2], kernelH, strideH, dilationH, padTop, padBottom, outputPaddingH,
                outputSize == null ? -1 : outputSize[0], outputShape == null ? -1 : outputShape[0]);
        Axis w = resolveAxis("w", inputShape[3], kernelW, strideW, dilationW, padLeft, padRight, outputPaddingW,
                outputSize == null ? -1 : outputSize[1], outputShape == null ? -1 : outputShape[1]);
        ConvTransposeProblem problem = new ConvTransposeProblem(inputShape[0], inChannels, outChannels, groups, h, w, bias);
        Tensor.elementCount("output shape", problem.outputShape());
        return problem;
    }

    /** The output shape for an input shape: {@code resolve(inputShape).outputShape()}. */
    public int[] outputShape(int... inputShape) {
        return resolve(inputShape).outputShape();
    }

    private Axis resolveAxis(String axis, int input, int kernel, int stride, int dilation,
                             int padBegin, int padEnd, int outputPadding, int requestedSize, int requestedShape) {
        String begin = axis.equals("h") ? "padding_top" : "padding_left";
        String end = axis.equals("h") ? "padding_bottom" : "padding_right";
        if (requestedShape >= 0 || autoPad == AutoPad.SAME_UPPER || autoPad == AutoPad.SAME_LOWER) {
            // ONNX: the pads are generated so that the output has the requested (or input*stride) size.
            long target = requestedShape >= 0 ? requestedShape : (long) input * stride;
            long total = Axis.outputSize(input, kernel, stride, dilation, 0, 0, outputPadding) - target;
            long half = Math.floorDiv(total, 2);
            long generatedBegin = autoPad == AutoPad.SAME_UPPER ? half : total - half;
            padBegin = checkedInt(begin + " (generated)", generatedBegin);
            padEnd = checkedInt(end + " (generated)", total - generatedBegin);
        } else if (autoPad == AutoPad.VALID) {
            padBegin = 0;
            padEnd = 0;
        }
        if (requestedSize >= 0) {
            // PyTorch: output_size picks output_padding within [0, stride).
            long smallest = Axis.outputSize(input, kernel, stride, dilation, padBegin, padEnd, 0);
            long largest = smallest + stride - 1;
            if (requestedSize < smallest || requestedSize > largest) {
                throw new InvalidParameterException("output_size_" + axis, requestedSize,
                        "no output_padding reaches it: with this input (" + input + ") and these parameters the output can be "
                                + (smallest == largest ? smallest + " only" : "from " + smallest + " to " + largest));
            }
            int chosen = (int) (requestedSize - smallest);
            if (outputPadding != 0 && outputPadding != chosen) {
                throw new InvalidParameterException("output_padding_" + axis, outputPadding,
                        "contradicts output_size_" + axis + " = " + requestedSize + ", which needs output_padding " + chosen);
            }
            outputPadding = chosen;
        }
        long output = Axis.outputSize(input, kernel, stride, dilation, padBegin, padEnd, outputPadding);
        if (output <= 0) {
            throw new InvalidParameterException("output size " + axis, output,
                    "must be >= 1; (in-1)*stride - pad_begin - pad_end + dilation*(kernel-1) + output_padding + 1 = ("
                            + input + "-1)*" + stride + " - " + padBegin + " - " + padEnd + " + " + dilation + "*(" + kernel
                            + "-1) + " + outputPadding + " + 1; reduce the padding");
        }
        return new Axis(input, kernel, stride, dilation, padBegin, padEnd, outputPadding, checkedInt("output size " + axis, output));
    }

    private static int checkedInt(String name, long value) {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new InvalidParameterException(name, value, "does not fit a 32-bit index");
        }
        return (int) value;
    }

    static void checkPositive(String name, int value) {
        if (value <= 0) {
            throw new InvalidParameterException(name, value, "must be >= 1");
        }
    }

    /**
     * Checks a weight and an optional bias against these parameters: weight (in_channels,
     * out_channels / groups, kh, kw), bias (out_channels), both of one dtype.
     */
    public void checkWeights(Tensor weight, Tensor biasTensor) {
        if (weight == null) {
            throw new InvalidParameterException("weight", "null", "is required");
        }
        if (!Arrays.equals(weight.shape(), weightShape())) {
            throw new InvalidParameterException("weight shape", Arrays.toString(weight.shape()),
                    "must be (in_channels, out_channels/groups, kernel_h, kernel_w) = " + Arrays.toString(weightShape()));
        }
        if (biasTensor == null) {
            if (bias) {
                throw new InvalidParameterException("bias", "null", "is required: this convolution was built with bias(true); build it with bias(false) to go without");
            }
            return;
        }
        if (!bias) {
            throw new InvalidParameterException("bias", biasTensor, "was given, but this convolution was built with bias(false)");
        }
        if (biasTensor.rank() != 1 || biasTensor.dim(0) != outChannels) {
            throw new InvalidParameterException("bias shape", Arrays.toString(biasTensor.shape()), "must be (out_channels) = [" + outChannels + "]");
        }
        if (biasTensor.dtype() != weight.dtype()) {
            throw new InvalidParameterException("bias dtype", biasTensor.dtype(), "must match the weight dtype " + weight.dtype());
        }
    }

    /** Creates a plan with default options (the common ForkJoin pool, kernel chosen by shape). */
    public ConvTransposePlan plan(int[] inputShape, Tensor weight, Tensor biasTensor) {
        return plan(inputShape, weight, biasTensor, PlanOptions.defaults());
    }

    /** Validates everything, packs the weights and picks the kernel; see {@link ConvTransposePlan}. */
    public ConvTransposePlan plan(int[] inputShape, Tensor weight, Tensor biasTensor, PlanOptions options) {
        checkWeights(weight, biasTensor);
        return new ConvTransposePlan(resolve(inputShape), weight, biasTensor, options);
    }

    /** One-shot forward: plan, execute, close. Reuse a plan when the shapes repeat. */
    public Tensor forward(Tensor input, Tensor weight, Tensor biasTensor) {
        try (ConvTransposePlan plan = plan(input.shape(), weight, biasTensor)) {
            return plan.execute(input);
        }
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + inChannels + ", " + outChannels + ", kernel=" + kernelH + "x" + kernelW
                + ", stride=" + strideH + "x" + strideW + ", dilation=" + dilationH + "x" + dilationW
                + ", pads(t,l,b,r)=" + padTop + "," + padLeft + "," + padBottom + "," + padRight
                + ", output_padding=" + outputPaddingH + "x" + outputPaddingW + ", groups=" + groups
                + ", bias=" + bias + ", auto_pad=" + autoPad
                + (outputSize != null ? ", output_size=" + Arrays.toString(outputSize) : "")
                + (outputShape != null ? ", output_shape=" + Arrays.toString(outputShape) : "") + ")";
    }

    /** Collects parameters; {@link #build()} checks those that do not depend on the input. */
    public static final class Builder {
        private final int inChannels;
        private final int outChannels;
        private final int kernelH;
        private final int kernelW;
        private int strideH = 1;
        private int strideW = 1;
        private int dilationH = 1;
        private int dilationW = 1;
        private int padTop;
        private int padLeft;
        private int padBottom;
        private int padRight;
        private int outputPaddingH;
        private int outputPaddingW;
        private int groups = 1;
        private boolean bias = true;
        private AutoPad autoPad = AutoPad.NOTSET;
        private int[] outputSize;
        private int[] outputShape;

        private Builder(int inChannels, int outChannels, int kernelH, int kernelW) {
            this.inChannels = inChannels;
            this.outChannels = outChannels;
            this.kernelH = kernelH;
            this.kernelW = kernelW;
        }

        public Builder stride(int stride) {
            return stride(stride, stride);
        }

        public Builder stride(int strideH, int strideW) {
            this.strideH = strideH;
            this.strideW = strideW;
            return this;
        }

        public Builder dilation(int dilation) {
            return dilation(dilation, dilation);
        }

        public Builder dilation(int dilationH, int dilationW) {
            this.dilationH = dilationH;
            this.dilationW = dilationW;
            return this;
        }

        /** PyTorch {@code padding}: the same on every side. */
        public Builder padding(int padding) {
            return padding(padding, padding, padding, padding);
        }

        /** PyTorch {@code padding=(ph, pw)}: top and bottom {@code ph}, left and right {@code pw}. */
        public Builder padding(int padH, int padW) {
            return padding(padH, padW, padH, padW);
        }

        /** ONNX {@code pads}, reordered per side: (top, left, bottom, right). */
        public Builder padding(int top, int left, int bottom, int right) {
            this.padTop = top;
            this.padLeft = left;
            this.padBottom = bottom;
            this.padRight = right;
            return this;
        }

        public Builder outputPadding(int outputPadding) {
            return outputPadding(outputPadding, outputPadding);
        }

        public Builder outputPadding(int outputPaddingH, int outputPaddingW) {
            this.outputPaddingH = outputPaddingH;
            this.outputPaddingW = outputPaddingW;
            return this;
        }

        public Builder groups(int groups) {
            this.groups = groups;
            return this;
        }

        /** Whether a bias (out_channels) is added; PyTorch's default is {@code true}. */
        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        public Builder autoPad(AutoPad autoPad) {
            this.autoPad = autoPad == null ? AutoPad.NOTSET : autoPad;
            return this;
        }

        /**
         * PyTorch {@code output_size}: keeps the padding and chooses output_padding in
         * {@code [0, stride)} so that the output has this size; resolving fails when none does.
         */
        public Builder outputSize(int height, int width) {
            this.outputSize = new int[] {height, width};
            return this;
        }

        /**
         * ONNX {@code output_shape} (spatial part): generates the pads so that the output has this
         * size, splitting an odd total as {@code auto_pad} says (extra at the end for SAME_UPPER,
         * at the beginning otherwise). Explicit padding must not be given with it.
         */
        public Builder outputShape(int height, int width) {
            this.outputShape = new int[] {height, width};
            return this;
        }

        public ConvTranspose2d build() {
            checkPositive("in_channels", inChannels);
            checkPositive("out_channels", outChannels);
            checkPositive("kernel_h", kernelH);
            checkPositive("kernel_w", kernelW);
            checkPositive("stride_h", strideH);
            checkPositive("stride_w", strideW);
            checkPositive("dilation_h", dilationH);
            checkPositive("dilation_w", dilationW);
            checkPositive("groups", groups);
            checkNonNegative("padding_top", padTop);
            checkNonNegative("padding_left", padLeft);
            checkNonNegative("padding_bottom", padBottom);
            checkNonNegative("padding_right", padRight);
            checkOutputPadding("h", outputPaddingH, strideH, dilationH);
            checkOutputPadding("w", outputPaddingW, strideW, dilationW);
            if (inChannels % groups != 0) {
                throw new InvalidParameterException("in_channels", inChannels, "must be divisible by groups = " + groups);
            }
            if (outChannels % groups != 0) {
                throw new InvalidParameterException("out_channels", outChannels, "must be divisible by groups = " + groups);
            }
            Tensor.elementCount("weight shape", inChannels, outChannels / groups, kernelH, kernelW);
            boolean paddingGiven = padTop != 0 || padLeft != 0 || padBottom != 0 || padRight != 0;
            if (paddingGiven && autoPad != AutoPad.NOTSET) {
                throw new InvalidParameterException("padding", padTop + "," + padLeft + "," + padBottom + "," + padRight,
                        "must not be given together with auto_pad = " + autoPad + " (ONNX derives the pads then)");
            }
            if (outputShape != null && paddingGiven) {
                throw new InvalidParameterException("padding", padTop + "," + padLeft + "," + padBottom + "," + padRight,
                        "must not be given together with output_shape (ONNX generates the pads from it)");
            }
            if (outputSize != null && outputShape != null) {
                throw new InvalidParameterException("output_size", Arrays.toString(outputSize),
                        "must not be given together with output_shape; use one");
            }
            if (outputSize != null && autoPad != AutoPad.NOTSET) {
                throw new InvalidParameterException("output_size", Arrays.toString(outputSize),
                        "keeps explicit padding and must not be combined with auto_pad = " + autoPad + "; use output_shape");
            }
            checkRequested("output_size", outputSize);
            checkRequested("output_shape", outputShape);
            return new ConvTranspose2d(this);
        }

        private static void checkRequested(String name, int[] size) {
            if (size != null) {
                checkPositive(name + "_h", size[0]);
                checkPositive(name + "_w", size[1]);
            }
        }

        private static void checkNonNegative(String name, int value) {
            if (value < 0) {
                throw new InvalidParameterException(name, value, "must be >= 0");
            }
        }

        private static void checkOutputPadding(String axis, int outputPadding, int stride, int dilation) {
            checkNonNegative("output_padding_" + axis, outputPadding);
            if (outputPadding >= stride && outputPadding >= dilation) {
                throw new InvalidParameterException("output_padding_" + axis, outputPadding,
                        "must be smaller than stride_" + axis + " = " + stride + " or dilation_" + axis + " = " + dilation);
            }
        }
    }
}
