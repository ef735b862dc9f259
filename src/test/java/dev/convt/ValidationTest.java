package dev.convt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every validation rule of the contract: the exception names the parameter, its value and the rule. */
class ValidationTest {

    private static void assertRejected(String parameter, String value, String rule, Executable action) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, action);
        assertEquals(parameter, e.parameter(), e.getMessage());
        assertEquals(value, e.value(), e.getMessage());
        assertTrue(e.rule().contains(rule), () -> "rule of '" + e.getMessage() + "' should say: " + rule);
        assertEquals(parameter + " = " + value + ": " + e.rule(), e.getMessage());
    }

    private static ConvTranspose2d.Builder conv() {
        return ConvTranspose2d.builder(4, 6, 3);
    }

    @Test
    void nonPositiveStrideDilationKernelGroupsOrChannels() {
        assertRejected("stride_h", "0", "must be >= 1", () -> conv().stride(0, 1).build());
        assertRejected("stride_w", "-2", "must be >= 1", () -> conv().stride(1, -2).build());
        assertRejected("dilation_h", "0", "must be >= 1", () -> conv().dilation(0).build());
        assertRejected("dilation_w", "-1", "must be >= 1", () -> conv().dilation(1, -1).build());
        assertRejected("kernel_h", "0", "must be >= 1", () -> ConvTranspose2d.builder(4, 6, 0, 3).build());
        assertRejected("kernel_w", "-3", "must be >= 1", () -> ConvTranspose2d.builder(4, 6, 3, -3).build());
        assertRejected("groups", "0", "must be >= 1", () -> conv().groups(0).build());
        assertRejected("in_channels", "0", "must be >= 1", () -> ConvTranspose2d.builder(0, 6, 3).build());
        assertRejected("out_channels", "-6", "must be >= 1", () -> ConvTranspose2d.builder(4, -6, 3).build());
    }

    @Test
    void negativePadding() {
        assertRejected("padding_top", "-1", "must be >= 0", () -> conv().padding(-1, 0, 0, 0).build());
        assertRejected("padding_left", "-2", "must be >= 0", () -> conv().padding(0, -2, 0, 0).build());
        assertRejected("padding_bottom", "-1", "must be >= 0", () -> conv().padding(0, 0, -1, 0).build());
        assertRejected("padding_right", "-4", "must be >= 0", () -> conv().padding(0, 0, 0, -4).build());
        assertRejected("output_padding_w", "-1", "must be >= 0", () -> conv().outputPadding(0, -1).build());
    }

    @Test
    void outputPaddingMustBeSmallerThanStrideOrDilation() {
        assertRejected("output_padding_h", "2", "must be smaller than stride_h = 2 or dilation_h = 1",
                () -> conv().stride(2).outputPadding(2, 0).build());
        assertRejected("output_padding_w", "3", "must be smaller than stride_w = 1 or dilation_w = 3",
                () -> conv().dilation(1, 3).outputPadding(0, 3).build());
        // PyTorch's rule asks for one of the two: smaller than the dilation is enough
        ConvTranspose2d allowed = conv().stride(2).dilation(3).outputPadding(2).build();
        assertArrayEquals(new int[] {1, 6, 15, 15}, allowed.outputShape(1, 4, 4, 4));
    }

    @Test
    void channelsNotDivisibleByGroups() {
        assertRejected("in_channels", "6", "must be divisible by groups = 4",
                () -> ConvTranspose2d.builder(6, 8, 3).groups(4).build());
        assertRejected("out_channels", "6", "must be divisible by groups = 4",
                () -> ConvTranspose2d.builder(8, 6, 3).groups(4).build());
    }

    @Test
    void weightAndBiasShapes() {
        ConvTranspose2d grouped = ConvTranspose2d.builder(4, 6, 3, 2).groups(2).build();
        int[] input = {1, 4, 5, 5};
        Tensor weight = Tensor.zeros(DType.FLOAT32, 4, 3, 3, 2);
        Tensor bias = Tensor.zeros(DType.FLOAT32, 6);
        assertRejected("weight shape", "[4, 6, 3, 2]", "must be (in_channels, out_channels/groups, kernel_h, kernel_w) = [4, 3, 3, 2]",
                () -> grouped.plan(input, Tensor.zeros(DType.FLOAT32, 4, 6, 3, 2), bias));
        assertRejected("weight shape", "[4, 3, 2, 3]", "= [4, 3, 3, 2]",
                () -> grouped.plan(input, Tensor.zeros(DType.FLOAT32, 4, 3, 2, 3), bias));
        assertRejected("bias shape", "[3]", "must be (out_channels) = [6]",
                () -> grouped.plan(input, weight, Tensor.zeros(DType.FLOAT32, 3)));
        assertRejected("bias shape", "[6, 1]", "must be (out_channels) = [6]",
                () -> grouped.plan(input, weight, Tensor.zeros(DType.FLOAT32, 6, 1)));
        assertRejected("bias", "null", "is required", () -> grouped.plan(input, weight, null));
        assertRejected("bias", "Tensor(float32, [6])", "built with bias(false)",
                () -> ConvTranspose2d.builder(4, 6, 3, 2).groups(2).bias(false).build().plan(input, weight, bias));
        assertRejected("bias dtype", "float64", "must match the weight dtype float32",
                () -> grouped.plan(input, weight, Tensor.zeros(DType.FLOAT64, 6)));
    }

    @Test
    void inputRankAndChannels() {
        ConvTranspose2d conv = conv().build();
        assertRejected("input rank", "3 (shape [4, 5, 5])", "must be 4 (N, C, H, W)", () -> conv.resolve(4, 5, 5));
        assertRejected("input channels", "3", "must equal in_channels = 4", () -> conv.resolve(1, 3, 5, 5));
        assertRejected("input height", "0", "must be >= 1", () -> conv.resolve(1, 4, 0, 5));
        try (ConvTransposePlan plan = conv.plan(new int[] {1, 4, 5, 5}, Tensor.zeros(DType.FLOAT32, 4, 6, 3, 3),
                Tensor.zeros(DType.FLOAT32, 6))) {
            assertRejected("input channels", "3", "must equal in_channels = 4",
                    () -> plan.execute(Tensor.zeros(DType.FLOAT32, 1, 3, 5, 5)));
            assertRejected("input shape", "[2, 4, 5, 5]", "must be [1, 4, 5, 5] for this plan",
                    () -> plan.execute(Tensor.zeros(DType.FLOAT32, 2, 4, 5, 5)));
        }
    }

    @Test
    void outputSizeBelowOne() {
        // (2-1)*1 - 2 - 2 + 1*(3-1) + 0 + 1 = 0 and (1-1)*1 - 3 - 2 + 1*(3-1) + 0 + 1 = -2
        assertRejected("output size h", "0", "must be >= 1", () -> conv().padding(2).build().resolve(1, 4, 2, 9));
        assertRejected("output size w", "-2", "reduce the padding", () -> conv().padding(0, 3, 0, 2).build().resolve(1, 4, 9, 1));
    }

    @Test
    void outputSizeOutOfReach() {
        // 4x4 input, K3 S3 P0: the output can be 12, 13 or 14
        assertRejected("output_size_h", "15", "from 12 to 14", () -> conv().stride(3).outputSize(15, 12).build().resolve(1, 4, 4, 4));
        assertRejected("output_size_w", "11", "from 12 to 14", () -> conv().stride(3).outputSize(12, 11).build().resolve(1, 4, 4, 4));
        assertRejected("output_size_h", "0", "must be >= 1", () -> conv().outputSize(0, 5).build());
        assertRejected("output_shape_w", "0", "must be >= 1", () -> conv().outputShape(5, 0).build());
        assertRejected("output_padding_h", "1", "contradicts output_size_h = 12",
                () -> conv().stride(3).outputPadding(1, 0).outputSize(12, 12).build().resolve(1, 4, 4, 4));
    }

    @Test
    void elementCountsThatOverflowTheIndexType() {
        assertRejected("input shape", "[1, 4, 100000, 100000]", "has more than 2147483639 elements",
                () -> conv().build().resolve(1, 4, 100000, 100000));
        assertRejected("output shape", "[1, 6, 100003, 100003]", "has more than 2147483639 elements",
                () -> conv().stride(100).build().resolve(1, 4, 1001, 1001));
        assertRejected("output size h", "9999900003", "does not fit a 32-bit index",
                () -> conv().stride(100000).build().resolve(1, 4, 100000, 1));
        assertRejected("weight shape", "[65536, 65536, 1, 1]", "has more than 2147483639 elements",
                () -> ConvTranspose2d.builder(65536, 65536, 1).build());
    }

    @Test
    void contradictoryPaddingRequests() {
        assertRejected("padding", "1,1,1,1", "must not be given together with auto_pad = SAME_UPPER",
                () -> conv().padding(1).autoPad(AutoPad.SAME_UPPER).build());
        assertRejected("padding", "1,0,1,0", "must not be given together with output_shape",
                () -> conv().padding(1, 0).outputShape(9, 9).build());
        assertRejected("output_size", "[9, 9]", "must not be given together with output_shape",
                () -> conv().outputSize(9, 9).outputShape(9, 9).build());
        assertRejected("auto_pad", "same", "must be one of notset, same_upper, same_lower, valid", () -> AutoPad.parse("same"));
    }
}
