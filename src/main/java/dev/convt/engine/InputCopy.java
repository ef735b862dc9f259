package dev.convt.engine;

/**
 * A worker's copy of part of an execution's input (an image or a slab of images), and which it
 * holds: a worker keeps it from one work item to the next, and refills it only for another part
 * or another execution.
 */
final class InputCopy<A> {
    final A data;
    private long execution;
    private int part = -1;

    InputCopy(A data) {
        this.data = data;
    }

    /** Whether the copy must be filled for {@code part} of {@code execution}; from now on it counts as holding them. */
    boolean claim(long execution, int part) {
        if (this.execution == execution && this.part == part) {
            return false;
        }
        this.execution = execution;
        this.part = part;
        return true;
    }
}
