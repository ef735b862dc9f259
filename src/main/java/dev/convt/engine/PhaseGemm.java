package dev.convt.engine;

import dev.convt.ConvTransposeProblem;

/**
 * One stride phase (rh, rw) of a problem seen as a matrix product per group: each output pixel
 * of the phase is a row, {@code taps * Cin/G} is the reduction, output channels are columns.
 * Within a slab of images, row {@code m} is pixel {@code (image, a, b)}, output position
 * {@code (firstOutput_h + stride_h * a, firstOutput_w + stride_w * b)}, with {@code b} running
 * over the phase row padded to {@link #paddedCols} (rows past {@link #colsW} are computed and discarded).
 * Reduction index {@code k = tap * Cin/G + ci}: the taps of the phase in order, channels inside.
 */
final class PhaseGemm {
    final int index;
    final int rh;
    final int rw;
    /** Kernel taps of this phase, as (kh, kw) pairs in tap order, and their input shifts. */
    final int[] tapH;
    final int[] tapW;
    final int[] shiftH;
    final int[] shiftW;
    final int rowsH;
    final int colsW;
    final int paddedCols;
    /** Reduction length: taps * Cin/G. */
    final int k;

    PhaseGemm(int index, int rh, int rw, AxisPhases h, AxisPhases w, ConvTransposeProblem p, int paddedCols) {
        this.index = index;
        this.rh = rh;
        this.rw = rw;
        int taps = h.taps[rh].length * w.taps[rw].length;
        tapH = new int[taps];
        tapW = new int[taps];
        shiftH = new int[taps];
        shiftW = new int[taps];
        int t = 0;
        for (int i = 0; i < h.taps[rh].length; i++) {
            for (int j = 0; j < w.taps[rw].length; j++) {
                tapH[t] = h.taps[rh][i];
                tapW[t] = w.taps[rw][j];
                shiftH[t] = h.tapShift[rh][i];
                shiftW[t] = w.tapShift[rw][j];
                t++;
            }
        }
        rowsH = h.count[rh];
        colsW = w.count[rw];
        this.paddedCols = paddedCols;
        k = taps * p.inChannelsPerGroup();
    }

    int taps() {
        return tapH.length;
    }

    /** Product rows one image contributes. */
    int rowsPerImage() {
        return rowsH * paddedCols;
    }

    /** Where the weight of reduction row {@code k}, output channel {@code co} of group {@code g} is in the (Cin, Cout/G, kh, kw) weights. */
    int weightIndex(ConvTransposeProblem p, int g, int k, int co) {
        int cin = p.inChannelsPerGroup();
        int tap = k / cin;
        return p.weightIndex(g * cin + k % cin, co, tapH[tap], tapW[tap]);
    }

    /** Offset, in a {@link PaddedInput}, from where a pixel reads through tap 0 to where it reads through tap {@code t}. */
    int tapDelta(int t, PaddedInput padded) {
        return -(shiftH[t] * padded.channels * padded.cols + shiftW[t]);
    }
}
