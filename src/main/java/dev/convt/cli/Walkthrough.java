package dev.convt.cli;

import static dev.convt.reference.ZeroInterpolationReference.correlate;
import static dev.convt.reference.ZeroInterpolationReference.flip;
import static dev.convt.reference.ZeroInterpolationReference.fullPadding;
import static dev.convt.reference.ZeroInterpolationReference.insertZeros;
import static dev.convt.reference.ZeroInterpolationReference.pad;

import dev.convt.Axis;
import dev.convt.ConvTranspose2d;
import dev.convt.ConvTransposePlan;
import dev.convt.InvalidParameterException;
import dev.convt.Tensor;
import java.util.Arrays;

/**
 * The three steps of the zero-interpolation reference on one small square single-channel example,
 * with every intermediate grid kept for showing: what {@code convt explain} prints and draws.
 * Input values are 1, 2, 3, ... row by row and so are the kernel's, so that the flip is visible.
 *
 * @param axis      the resolved geometry (the same on both axes)
 * @param prepared  the input after zero insertion and padding (step 1 and 2)
 * @param cells     what each cell of {@code prepared} is
 * @param padBefore rows/columns added at the top/left in step 2 (negative: removed)
 * @param padAfter  rows/columns added at the bottom/right in step 2, output_padding included
 * @param engineOutput the same convolution computed by the engine, for the check
 */
record Walkthrough(Axis axis, double[][] input, double[][] kernel, double[][] prepared, Cell[][] cells,
                   int padBefore, int padAfter, double[][] flippedKernel, double[][] output, double[][] engineOutput) {

    /** What a cell of the zero-interpolated, padded input holds. */
    enum Cell {
        /** An input pixel. */
        VALUE,
        /** One of the stride-1 zeros put between neighbouring input pixels (step 1). */
        INSERTED_ZERO,
        /** A zero added around the border (step 2). */
        PADDING
    }

    /** Larger examples stop being readable as grids. */
    static final int LARGEST_GRID = 40;

    /** Side of the zero-interpolated grid (step 1) for an input of side {@code size}. */
    static long interpolatedSize(long size, long stride) {
        return (size - 1) * stride + 1;
    }

    /** Runs the steps; fails with {@link InvalidParameterException} when a grid would be too large to show. */
    static Walkthrough of(int size, int kernelSize, int stride, int padding, int outputPadding, int dilation) {
        ConvTranspose2d convolution = ConvTranspose2d.builder(1, 1, kernelSize).stride(stride).padding(padding)
                .outputPadding(outputPadding).dilation(dilation).bias(false).build();
        Axis axis = convolution.resolve(1, 1, size, size).height();
        long interpolatedSize = interpolatedSize(size, stride);
        long preparedSize = axis.output() + (long) dilation * (kernelSize - 1);
        if (Math.max(interpolatedSize, preparedSize) > LARGEST_GRID) {
            throw new InvalidParameterException("grid size", Math.max(interpolatedSize, preparedSize), "must be at most "
                    + LARGEST_GRID + " to be shown; use a smaller --size, --stride, --dilation or --kernel");
        }
        double[][] input = counting(size);
        double[][] kernel = counting(kernelSize);
        int before = fullPadding(axis) - axis.padBegin();
        int after = fullPadding(axis) - axis.padEnd() + axis.outputPadding();

        double[][] interpolated = insertZeros(input, stride, stride);
        double[][] prepared = pad(interpolated, before, before, after, after);
        // The same two steps on marker grids tell the cells apart: ones where the input pixels
        // land, and ones over the whole zero-interpolated area.
        double[][] pixels = pad(insertZeros(filled(size, 1), stride, stride), before, before, after, after);
        double[][] interpolatedArea = pad(filled(interpolated.length, 1), before, before, after, after);
        Cell[][] cells = new Cell[prepared.length][prepared.length];
        for (int r = 0; r < cells.length; r++) {
            for (int c = 0; c < cells.length; c++) {
                cells[r][c] = pixels[r][c] == 1 ? Cell.VALUE : interpolatedArea[r][c] == 1 ? Cell.INSERTED_ZERO : Cell.PADDING;
            }
        }
        double[][] flipped = flip(kernel);
        double[][] output = correlate(prepared, flipped, dilation, dilation);

        Tensor engineOutput;
        try (ConvTransposePlan plan = convolution.plan(new int[] {1, 1, size, size}, Tensor.of(flatten(kernel), 1, 1, kernelSize, kernelSize), null)) {
            engineOutput = plan.execute(Tensor.of(flatten(input), 1, 1, size, size));
        }
        return new Walkthrough(axis, input, kernel, prepared, cells, before, after, flipped, output,
                unflatten(engineOutput.doubles(), axis.output()));
    }

    /** The largest difference between the reference's output and the engine's. */
    double engineDifference() {
        double worst = 0;
        for (int r = 0; r < output.length; r++) {
            for (int c = 0; c < output.length; c++) {
                worst = Math.max(worst, Math.abs(output[r][c] - engineOutput[r][c]));
            }
        }
        return worst;
    }

    /** The output-size formula with this example's numbers, e.g. {@code (3-1)*2 - 1 - 1 + 1*(3-1) + 0 + 1 = 5}. */
    String outputSizeArithmetic() {
        return "(" + axis.input() + "-1)*" + axis.stride() + " - " + axis.padBegin() + " - " + axis.padEnd() + " + "
                + axis.dilation() + "*(" + axis.kernel() + "-1) + " + axis.outputPadding() + " + 1 = " + axis.output();
    }

    /** The parameters in PyTorch's words. */
    String parameters() {
        return axis.input() + "x" + axis.input() + " input, kernel " + axis.kernel() + ", stride " + axis.stride()
                + ", padding " + axis.padBegin() + ", output_padding " + axis.outputPadding() + ", dilation " + axis.dilation();
    }

    private static double[][] counting(int size) {
        double[][] grid = new double[size][size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                grid[r][c] = r * size + c + 1;
            }
        }
        return grid;
    }

    private static double[][] filled(int size, double value) {
        double[][] grid = new double[size][size];
        for (double[] row : grid) {
            Arrays.fill(row, value);
        }
        return grid;
    }

    private static double[] flatten(double[][] grid) {
        return Arrays.stream(grid).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[][] unflatten(double[] values, int size) {
        double[][] grid = new double[size][];
        for (int r = 0; r < size; r++) {
            grid[r] = Arrays.copyOfRange(values, r * size, (r + 1) * size);
        }
        return grid;
    }
}
