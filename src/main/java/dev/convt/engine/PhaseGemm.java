package dev.convt.engine;

import dev.convt.ConvTransposeProblem;

/**
 * One stride phase (rh, rw) of a problem seen as a matrix product per group: each output pixel
 * of the phase is a row, {@code taps * Cin/G} is the reduction, output channels are columns.
 * Row {@code m} is pixel {@code (n, a, b)} = output {@code (n, firstOutput + stride*a, ...)}, with
 * {@code b} running over the phase row padded to whole tiles.
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
    /** Rows of the product: batch * rowsH * paddedCols (columns past colsW are computed and discarded). */
    final int m;
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
        m = colsW == 0 ? 0 : p.batch() * rowsH * paddedCols;
        k = taps * p.inChannelsPerGroup();
    }

    int taps() {
        return tapH.length;
    }
}
