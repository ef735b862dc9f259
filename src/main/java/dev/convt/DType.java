package dev.convt;

/** Element types convt computes in. */
public enum DType {
    FLOAT32(4, "float32"),
    FLOAT64(8, "float64");

    private final int bytes;
    private final String label;

    DType(int bytes, String label) {
        this.bytes = bytes;
        this.label = label;
    }

    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return label;
    }
}
