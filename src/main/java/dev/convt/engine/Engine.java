package dev.convt.engine;

import dev.convt.PlanOptions.KernelChoice;
import java.util.concurrent.ForkJoinPool;

/** A prepared computation for one problem and one element type ({@code A} is float[] or double[]). */
public interface Engine<A> {
    /** Computes {@code y = convT(x)} for the whole batch, using {@code pool}'s threads. */
    void execute(A x, A y, ForkJoinPool pool);

    /** The kernel path and blocking chosen, for people. */
    String describe();

    /** The kernel path this engine runs (never {@link KernelChoice#AUTO}). */
    KernelChoice kernel();
}
