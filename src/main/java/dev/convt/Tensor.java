package dev.convt;

import java.util.Arrays;

/**
 * A dense, row-major (C order) tensor of float32 or float64 values. For convt's images the order
 * is NCHW; weights are (in_channels, out_channels / groups, kernel_h, kernel_w).
 *
 * <p>The tensor wraps its array without copying: {@link #floats()} and {@link #doubles()} give the
 * live storage, which is what lets a plan write its output in place.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final float[] floats;
    private final double[] doubles;

    private Tensor(DType dtype, int[] shape, float[] floats, double[] doubles) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.floats = floats;
        this.doubles = doubles;
        int length = size();
        long expected = elementCount("tensor shape", shape);
        if (expected != length) {
            throw new InvalidParameterException("tensor data length", length,
                    "must equal the product of the shape " + Arrays.toString(shape) + " = " + expected);
        }
    }

    public static Tensor of(float[] data, int... shape) {
        return new Tensor(DType.FLOAT32, shape, data, null);
    }

    public static Tensor of(double[] data, int... shape) {
        return new Tensor(DType.FLOAT64, shape, null, data);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        int count = Math.toIntExact(elementCount("tensor shape", shape));
        return dtype == DType.FLOAT32 ? of(new float[count], shape) : of(new double[count], shape);
    }

    /**
     * The number of elements of a shape; fails when a dimension is negative or the count does not
     * fit a Java array, naming {@code what}.
     */
    public static long elementCount(String what, int... shape) {
        long count = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new InvalidParameterException(what, Arrays.toString(shape), "dimensions must be >= 0");
            }
            count *= dimension;
            if (count > MAX_ELEMENTS) {
                throw new InvalidParameterException(what, Arrays.toString(shape),
                        "has more than " + MAX_ELEMENTS + " elements, the most a Java array holds");
            }
        }
        return count;
    }

    /** The largest element count convt accepts for one tensor (Java arrays are int-indexed). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Whether this tensor's shape is {@code shape}, without copying it. */
    boolean hasShape(int[] shape) {
        return Arrays.equals(this.shape, shape);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return dtype == DType.FLOAT32 ? floats.length : doubles.length;
    }

    /** The live float32 storage; fails for a float64 tensor. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("tensor is " + dtype + ", not float32");
        }
        return floats;
    }

    /** The live float64 storage; fails for a float32 tensor. */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("tensor is " + dtype + ", not float64");
        }
        return doubles;
    }

    /** Element {@code i} of the flat storage, widened to double. */
    public double getFlat(int i) {
        return dtype == DType.FLOAT32 ? floats[i] : doubles[i];
    }

    /** A copy of the values as doubles, whatever the dtype (what the references compute in). */
    public double[] toDoubleArray() {
        if (dtype == DType.FLOAT64) {
            return doubles.clone();
        }
        double[] copy = new double[floats.length];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = floats[i];
        }
        return copy;
    }

    /** A tensor of the given dtype and this shape holding these values (rounded for float32). */
    public static Tensor fromDoubles(DType dtype, double[] values, int... shape) {
        if (dtype == DType.FLOAT64) {
            return of(values.clone(), shape);
        }
        float[] rounded = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            rounded[i] = (float) values[i];
        }
        return of(rounded, shape);
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype + ", " + Arrays.toString(shape) + ")";
    }
}
