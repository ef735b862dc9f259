package dev.convt.engine;

import dev.convt.Axis;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The stride-phase ("sub-pixel") split of one axis. Output position {@code o} sits at
 * {@code u = o + padBegin = stride * q + r} in the un-padded output; exactly the taps {@code k}
 * with {@code k * dilation ≡ r (mod stride)} reach it, each from input position
 * {@code q - (k * dilation - r) / stride}. Grouping outputs by their residue {@code r} turns the
 * scatter into one dense gather per phase, with no zeros multiplied and no read-modify-write.
 */
final class AxisPhases {
    final int phases;
    /** Per phase: the kernel taps that reach it, ascending. */
    final int[][] taps;
    /** Per phase and tap: how many input positions the tap lies behind {@code q}. */
    final int[][] tapShift;
    /** Per phase: the first output position of the phase and how many there are. */
    final int[] firstOutput;
    final int[] count;
    /** Per phase: {@code q} of the first output position. */
    final int[] firstQ;
    final int stride;
    final int input;

    AxisPhases(Axis axis) {
        stride = axis.stride();
        input = axis.input();
        phases = stride;
        taps = new int[phases][];
        tapShift = new int[phases][];
        firstOutput = new int[phases];
        count = new int[phases];
        firstQ = new int[phases];
        for (int r = 0; r < phases; r++) {
            int residue = r;
            taps[r] = IntStream.range(0, axis.kernel()).filter(k -> Math.floorMod(k * axis.dilation(), stride) == residue).toArray();
            tapShift[r] = Arrays.stream(taps[r]).map(k -> (k * axis.dilation() - residue) / stride).toArray();
            int first = Math.floorMod(r - axis.padBegin(), stride);
            firstOutput[r] = first;
            count[r] = first < axis.output() ? (axis.output() - 1 - first) / stride + 1 : 0;
            firstQ[r] = Math.floorDiv(first + axis.padBegin(), stride);
        }
    }

    /** Output position of the {@code j}-th output of phase {@code r}. */
    int output(int r, int j) {
        return firstOutput[r] + stride * j;
    }
}
