package dev.convt.engine;

import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the kernels use, fixed once per JVM. C2 only compiles Vector API code into
 * plain SIMD instructions when the species is a compile-time constant, so this is a
 * {@code static final} read at class initialisation, not a parameter.
 *
 * <p>Override with {@code -Dconvt.vector.bits=256} (or 128, 512); the default is the widest the
 * CPU supports (on the development machine 512-bit was measured faster, see the README).
 */
final class VectorWidth {
    private VectorWidth() {
    }

    static final VectorShape SHAPE = chooseShape();
    static final VectorSpecies<Float> FLOAT = VectorSpecies.of(float.class, SHAPE);
    static final VectorSpecies<Double> DOUBLE = VectorSpecies.of(double.class, SHAPE);

    /** "vector width N bits", for the plans' descriptions. */
    static String describe() {
        return "vector width " + SHAPE.vectorBitSize() + " bits";
    }

    private static VectorShape chooseShape() {
        String bits = System.getProperty("convt.vector.bits");
        if (bits == null || bits.isBlank()) {
            return VectorShape.preferredShape();
        }
        int requested;
        try {
            requested = Integer.parseInt(bits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("convt.vector.bits = " + bits + ": must be 128, 256 or 512");
        }
        int preferred = VectorShape.preferredShape().vectorBitSize();
        if (requested != 128 && requested != 256 && requested != 512 || requested > preferred) {
            throw new IllegalStateException("convt.vector.bits = " + bits + ": must be 128, 256 or 512 and at most "
                    + preferred + ", the widest this CPU supports");
        }
        return VectorShape.forBitSize(requested);
    }
}
