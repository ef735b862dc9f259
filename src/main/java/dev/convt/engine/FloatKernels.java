package dev.convt.engine;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 kernels. The register-blocked micro-kernels are unrolled by hand (one accumulator
 * variable per vector) so that C2 keeps every accumulator in a register.
 * {@code DoubleKernels} is generated from this file by {@code scripts/generate-kernels}.
 */
final class FloatKernels implements ElementKernels<float[]> {
    static final FloatKernels INSTANCE = new FloatKernels();
    private static final VectorSpecies<Float> S = VectorWidth.FLOAT;
    private static final int L = S.length();
    /** Where, in the write-out's buffer, the bias lanes of the current channel block and the chunk of channel rows start. */
    private static final int BIAS_LANES = L * L;
    private static final int CHUNK_START = BIAS_LANES + L;
    /**
     * Index vectors for an in-register transpose of L x L blocks: at step {@code b}, vectors i and
     * i + b (i & b == 0) swap their off-diagonal b-wide blocks; lane indices >= L select from the
     * second vector ({@link FloatVector#selectFrom(Vector, Vector)}, one permute each).
     */
    private static final FloatVector KEEP_8 = transposeIndexes(8, false);
    private static final FloatVector SWAP_8 = transposeIndexes(8, true);
    private static final FloatVector KEEP_4 = transposeIndexes(4, false);
    private static final FloatVector SWAP_4 = transposeIndexes(4, true);
    private static final FloatVector KEEP_2 = transposeIndexes(2, false);
    private static final FloatVector SWAP_2 = transposeIndexes(2, true);
    private static final FloatVector KEEP_1 = transposeIndexes(1, false);
    private static final FloatVector SWAP_1 = transposeIndexes(1, true);

    /** Index vectors that interleave the low and the high halves of two vectors ({@link FloatVector#selectFrom(Vector, Vector)}). */
    private static final FloatVector INTERLEAVE_LOW = interleaveIndexes(0);
    private static final FloatVector INTERLEAVE_HIGH = interleaveIndexes(L / 2);

    private static FloatVector interleaveIndexes(int first) {
        float[] indexes = new float[L];
        for (int i = 0; i < L / 2; i++) {
            indexes[2 * i] = first + i;
            indexes[2 * i + 1] = first + i + L;
        }
        return FloatVector.fromArray(S, indexes, 0);
    }

    /** Index vectors that pick the even and the odd lanes of two vectors in a row ({@link FloatVector#selectFrom(Vector, Vector)}). */
    private static final FloatVector EVENS = deinterleaveIndexes(0);
    private static final FloatVector ODDS = deinterleaveIndexes(1);

    private static FloatVector deinterleaveIndexes(int first) {
        float[] indexes = new float[L];
        for (int lane = 0; lane < L; lane++) {
            indexes[lane] = 2 * lane + first;
        }
        return FloatVector.fromArray(S, indexes, 0);
    }

    private static FloatVector transposeIndexes(int b, boolean swap) {
        float[] indexes = new float[L];
        for (int lane = 0; lane < L && b < L; lane++) {
            boolean low = (lane & b) == 0;
            indexes[lane] = swap ? (low ? lane + b : lane + L) : (low ? lane : lane - b + L);
        }
        return FloatVector.fromArray(S, indexes, 0);
    }

    private FloatKernels() {
    }

    @Override
    public float[] newArray(int length) {
        return new float[length];
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public double get(float[] array, int index) {
        return array[index];
    }

    @Override
    public void set(float[] array, int index, double value) {
        array[index] = (float) value;
    }

    @Override
    public void interleaveRows(float[] x, int from, int channels, int sourceChannelStride, int rows, int cols, float[] xp, int to,
                               int rowStride, int channelStride) {
        // Rows are often a handful of pixels, where a loop's or System.arraycopy's set-up costs more
        // than the copy: whole vectors, the last one masked.
        int whole = cols - cols % L;
        VectorMask<Float> tail = S.indexInRange(whole, cols);
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < rows; r++) {
                int source = from + c * sourceChannelStride + r * cols;
                int target = to + r * rowStride + c * channelStride;
                for (int col = 0; col < whole; col += L) {
                    FloatVector.fromArray(S, x, source + col).intoArray(xp, target + col);
                }
                if (whole < cols) {
                    FloatVector.fromArray(S, x, source + whole, tail).intoArray(xp, target + whole, tail);
                }
            }
        }
    }

    @Override
    public void zero(float[] a, int from, int to) {
        Arrays.fill(a, from, to, 0f);
    }

    @Override
    public void packTile(float[] x, float[] a, int packedFrom, int[] base, PhaseGemm phase, PaddedInput padded, int row0, int mr, int k0, int kc,
                         int channels, int channelOffset) {
        int stride = padded.channelStride();
        boolean runsOfFour = L >= 4 && mr % 4 == 0;
        for (int group = 0; runsOfFour && group < mr; group += 4) {
            runsOfFour = runOfFour(base, row0 + group);
        }
        for (int tap = k0 / channels; tap * channels < k0 + kc; tap++) {
            int kFrom = Math.max(k0, tap * channels);
            int kTo = Math.min(k0 + kc, (tap + 1) * channels);
            int offset = phase.tapDelta(tap, padded) + channelOffset + (kFrom - tap * channels) * stride;
            if (runsOfFour) {
                // Step by step, four neighbouring pixels (half a channel tile) at a time, copied as
                // whole vectors: a store's extra lanes land where later stores of the same call go,
                // and past the last one in the slack that both buffers keep (see the interface).
                for (int k = kFrom, dst = packedFrom + (kFrom - k0) * mr, src = offset; k < kTo; k++, dst += mr, src += stride) {
                    for (int group = 0; group < mr; group += 4) {
                        FloatVector.fromArray(S, x, base[row0 + group] + src).intoArray(a, dst + group);
                    }
                }
                continue;
            }
            for (int row = 0; row < mr; row++) {
                int src = base[row0 + row] + offset;
                for (int k = kFrom, dst = packedFrom + (kFrom - k0) * mr + row; k < kTo; k++, dst += mr, src += stride) {
                    a[dst] = x[src];
                }
            }
        }
    }

    private static boolean runOfFour(int[] base, int from) {
        return base[from + 1] == base[from] + 1 && base[from + 2] == base[from] + 2 && base[from + 3] == base[from] + 3;
    }

    @Override
    public void channelTile(float[] a, int[] segmentStart, int[] segmentHalf, int[] segmentK, int[] segmentLength, int segments,
                            int aStride, float[] b, int bo, float[] c, int co, int cHalf, int ldc, int rows, int vectors, boolean accumulate) {
        if (rows == 8) {
            if (vectors == 2) {
                channelTile8x2(a, segmentStart, segmentHalf, segmentK, segmentLength, segments, aStride, b, bo, c, co, cHalf, ldc, accumulate);
            } else {
                channelTile8x1(a, segmentStart, segmentHalf, segmentK, segmentLength, segments, aStride, b, bo, c, co, cHalf, ldc, accumulate);
            }
        } else if (vectors == 4) {
            channelTile1x4(a, segmentStart, segmentK, segmentLength, segments, aStride, b, bo, c, co, accumulate);
        } else if (vectors == 2) {
            channelTile1x2(a, segmentStart, segmentK, segmentLength, segments, aStride, b, bo, c, co, accumulate);
        } else {
            channelTile1x1(a, segmentStart, segmentK, segmentLength, segments, aStride, b, bo, c, co, accumulate);
        }
    }

    @Override
    public void streamedTile(float[] a, int aStart, int first, int length, int rows, int firstRow, float[] b, int bo, int secondStream,
                             float[] c, int co, int ldc, boolean accumulate) {
        if (rows == 12) {
            streamedTile12x2(a, aStart, first, length, firstRow, b, bo, secondStream, c, co, ldc, accumulate);
        } else {
            assert rows == 4 : rows;
            streamedTile4x2(a, aStart, first, length, firstRow, b, bo, secondStream, c, co, ldc, accumulate);
        }
    }

    @Override
    public void pixelTile(float[] a, int ao0, int ao1, int ao2, int ao3, int aStride, float[] b, int bo, float[] c, int co, int ldc,
                          int kc, int cols, boolean accumulate) {
        if (cols == 4) {
            pixelTile4x4(a, ao0, ao1, ao2, ao3, aStride, b, bo, c, co, ldc, kc, accumulate);
        } else {
            pixelTile4x1(a, ao0, ao1, ao2, ao3, aStride, b, bo, c, co, ldc, kc, accumulate);
        }
    }

    @Override
    public void scalarTile(float[] a, int[] segmentStart, int[] segmentHalf, int[] segmentK, int[] segmentLength, int segments,
                           int aStride, float[] b, int bo, float[] c, int co, int cHalf, int ldc, int rows, int nr, boolean accumulate) {
        for (int row = 0; row < rows; row++) {
            int cRow = row < 4 || rows < 8 ? co + row * ldc : cHalf + (row - 4) * ldc;
            for (int col = 0; col < nr; col++) {
                float sum = accumulate ? c[cRow + col] : 0f;
                for (int seg = 0; seg < segments; seg++) {
                    int ao = row < 4 || rows < 8 ? segmentStart[seg] + row : segmentHalf[seg] + row - 4;
                    int bk = bo + segmentK[seg] * nr + col;
                    for (int k = 0; k < segmentLength[seg]; k++, ao += aStride, bk += nr) {
                        sum = Math.fma(a[ao], b[bk], sum);
                    }
                }
                c[cRow + col] = sum;
            }
        }
    }

    @Override
    public void writeOut(float[] y, float[] bias, float[] c, int[] target, boolean[] computed, int mr, int rows,
                         int rowStride, int colStride, int cols, int channelBase, int plane) {
        // Tile by tile, so the tile's partial sums stay in L1 while its columns are written.
        for (int row0 = 0; row0 < rows; row0 += mr) {
            boolean tileComputed = computed[row0 / mr];
            for (int col = 0; col < cols; col++) {
                float add = bias == null ? 0f : bias[channelBase + col];
                int channelOffset = (channelBase + col) * plane;
                int from = row0 * rowStride + col * colStride;
                for (int row = row0; row < row0 + mr; row++, from += rowStride) {
                    int t = target[row];
                    if (t >= 0) {
                        y[t + channelOffset] = tileComputed ? c[from] + add : add;
                    }
                }
            }
        }
    }

    @Override
    public void writeStaged(float[] y, float[] bias, float[] z, int zFrom, int ldz, int zWidth, int rows, int width, int cols,
                            int channelBase, int target, int plane, float[] buffer) {
        // When the staging rows are exactly the output rows, the band is one run of pixels, which
        // is contiguous in every output plane too: no ragged block at the end of each row.
        if (zWidth == width) {
            writeRun(y, bias, z, zFrom, ldz, rows * width, cols, channelBase, target, plane, buffer);
        } else {
            for (int r = 0; r < rows; r++) {
                writeRun(y, bias, z, zFrom + r * zWidth * ldz, ldz, width, cols, channelBase, target + r * width, plane, buffer);
            }
        }
    }

    /**
     * One run of {@code pixels} staged pixels, contiguous in the output planes, a block of L
     * channels at a time. Blocks of L pixels x L channels, plus the channels' bias, are transposed
     * in registers: L contiguous loads, log2(L) rounds of two-vector permutes, split over two
     * methods so that each stays small enough for every JIT tier (one unrolled method was too big
     * for C1 and could be left running unoptimized). Each block's L channel rows go straight to
     * the output, except where planes lie a multiple of 4 KiB apart: there the L stores of a block
     * would all fall in one L1 set, so blocks collect in a chunk of channel rows in L1 that leaves
     * channel by channel (write-out alone: 32x32 planes 0.535 -> 0.435 ms, 64x64 0.58 -> 0.42; but
     * 48x32 planes 0.48 -> 0.66, so only there). Ragged ends and partial channel blocks take the
     * chunk too, which stores under a mask.
     */
    private static void writeRun(float[] y, float[] bias, float[] z, int zFrom, int ldz, int pixels, int cols, int channelBase,
                                 int target, int plane, float[] buffer) {
        boolean aliasedPlanes = (long) plane * S.elementSize() / 8 % 4096 == 0;
        for (int col = 0; col < cols; col += L) {
            int channels = Math.min(L, cols - col);
            for (int c = 0; c < L; c++) {
                buffer[BIAS_LANES + c] = bias == null || c >= channels ? 0f : bias[channelBase + col + c];
            }
            int to = target + (channelBase + col) * plane;
            // Blocks read up to L - 1 pixels past the run at its end; those lanes are never stored.
            int direct = aliasedPlanes || channels < L || L < 8 ? 0 : pixels - pixels % L;
            for (int p = 0; p < direct; p += L) {
                transposeBlock(z, zFrom + p * ldz + col, ldz, buffer, y, to + p, plane, channels);
            }
            for (int p0 = direct; p0 < pixels; p0 += WRITE_CHUNK) {
                int count = Math.min(WRITE_CHUNK, pixels - p0);
                for (int p = 0; p < count; p += L) {
                    transposeBlock(z, zFrom + (p0 + p) * ldz + col, ldz, buffer, buffer, CHUNK_START + p, WRITE_CHUNK, channels);
                }
                for (int c = 0; c < channels; c++) {
                    int from = CHUNK_START + c * WRITE_CHUNK;
                    int at = to + c * plane + p0;
                    int i = 0;
                    for (; i + L <= count; i += L) {
                        FloatVector.fromArray(S, buffer, from + i).intoArray(y, at + i);
                    }
                    if (i < count) {
                        FloatVector.fromArray(S, buffer, from + i).intoArray(y, at + i, S.indexInRange(i, count));
                    }
                }
            }
        }
    }

    /** L pixels x L channels of {@code z} plus the bias lanes, transposed: channel row c to {@code target[to + c * stride]}. */
    private static void transposeBlock(float[] z, int from, int ldz, float[] buffer, float[] target, int to, int stride, int channels) {
        if (L == 16) {
            transposeFirstRounds16(z, from, ldz, buffer);
            transposeLastRounds16(buffer, target, to, stride);
        } else if (L == 8) {
            transposeFirstRounds8(z, from, ldz, buffer);
            transposeLastRounds8(buffer, target, to, stride);
        } else {
            for (int i = 0; i < L; i++) {
                for (int c = 0; c < channels; c++) {
                    target[to + c * stride + i] = z[from + i * ldz + c] + buffer[BIAS_LANES + c];
                }
            }
        }
    }

    @Override
    public void phasePairSums(float[] x, int[] pixels, int channels, int channelStride, int[] delta, int[] weight, int taps,
                              int weightBase, float[] w, int tileChannels, float[] sums, int at) {
        if (tileChannels == PHASE_PAIR_WIDE) {
            phasePairSums4(x, pixels, channels, channelStride, delta, weight, taps, weightBase, w, sums, at);
        } else {
            assert tileChannels == PHASE_PAIR_NARROW : tileChannels;
            phasePairSums3(x, pixels, channels, channelStride, delta, weight, taps, weightBase, w, sums, at);
        }
    }

    private static void phasePairSums3(float[] x, int[] pixels, int channels, int channelStride, int[] delta, int[] weight, int taps,
                                    int weightBase, float[] w, float[] sums, int at) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        for (int t = 0; t < taps; t++) {
            int p0 = pixels[0] + delta[t];
            int p1 = pixels[1] + delta[t];
            int p2 = pixels[2] + delta[t];
            int p3 = pixels[3] + delta[t];
            for (int ci = 0, wk = weightBase + weight[t]; ci < channels;
                 ci++, p0 += channelStride, p1 += channelStride, p2 += channelStride, p3 += channelStride, wk += PHASE_PAIR_NARROW) {
                FloatVector w0 = FloatVector.broadcast(S, w[wk]);
                FloatVector w1 = FloatVector.broadcast(S, w[wk + 1]);
                FloatVector w2 = FloatVector.broadcast(S, w[wk + 2]);
                FloatVector x0 = FloatVector.fromArray(S, x, p0);
                a00 = x0.fma(w0, a00);
                a01 = x0.fma(w1, a01);
                a02 = x0.fma(w2, a02);
                FloatVector x1 = FloatVector.fromArray(S, x, p1);
                a10 = x1.fma(w0, a10);
                a11 = x1.fma(w1, a11);
                a12 = x1.fma(w2, a12);
                FloatVector x2 = FloatVector.fromArray(S, x, p2);
                a20 = x2.fma(w0, a20);
                a21 = x2.fma(w1, a21);
                a22 = x2.fma(w2, a22);
                FloatVector x3 = FloatVector.fromArray(S, x, p3);
                a30 = x3.fma(w0, a30);
                a31 = x3.fma(w1, a31);
                a32 = x3.fma(w2, a32);
            }
        }
        a00.intoArray(sums, at);
        a01.intoArray(sums, at + L);
        a02.intoArray(sums, at + 2 * L);
        a10.intoArray(sums, at + 3 * L);
        a11.intoArray(sums, at + 4 * L);
        a12.intoArray(sums, at + 5 * L);
        a20.intoArray(sums, at + 6 * L);
        a21.intoArray(sums, at + 7 * L);
        a22.intoArray(sums, at + 8 * L);
        a30.intoArray(sums, at + 9 * L);
        a31.intoArray(sums, at + 10 * L);
        a32.intoArray(sums, at + 11 * L);
    }

    private static void phasePairSums4(float[] x, int[] pixels, int channels, int channelStride, int[] delta, int[] weight, int taps,
                                    int weightBase, float[] w, float[] sums, int at) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        for (int t = 0; t < taps; t++) {
            int p0 = pixels[0] + delta[t];
            int p1 = pixels[1] + delta[t];
            int p2 = pixels[2] + delta[t];
            int p3 = pixels[3] + delta[t];
            for (int ci = 0, wk = weightBase + weight[t]; ci < channels;
                 ci++, p0 += channelStride, p1 += channelStride, p2 += channelStride, p3 += channelStride, wk += PHASE_PAIR_WIDE) {
                FloatVector w0 = FloatVector.broadcast(S, w[wk]);
                FloatVector w1 = FloatVector.broadcast(S, w[wk + 1]);
                FloatVector w2 = FloatVector.broadcast(S, w[wk + 2]);
                FloatVector w3 = FloatVector.broadcast(S, w[wk + 3]);
                FloatVector x0 = FloatVector.fromArray(S, x, p0);
                a00 = x0.fma(w0, a00);
                a01 = x0.fma(w1, a01);
                a02 = x0.fma(w2, a02);
                a03 = x0.fma(w3, a03);
                FloatVector x1 = FloatVector.fromArray(S, x, p1);
                a10 = x1.fma(w0, a10);
                a11 = x1.fma(w1, a11);
                a12 = x1.fma(w2, a12);
                a13 = x1.fma(w3, a13);
                FloatVector x2 = FloatVector.fromArray(S, x, p2);
                a20 = x2.fma(w0, a20);
                a21 = x2.fma(w1, a21);
                a22 = x2.fma(w2, a22);
                a23 = x2.fma(w3, a23);
                FloatVector x3 = FloatVector.fromArray(S, x, p3);
                a30 = x3.fma(w0, a30);
                a31 = x3.fma(w1, a31);
                a32 = x3.fma(w2, a32);
                a33 = x3.fma(w3, a33);
            }
        }
        a00.intoArray(sums, at);
        a01.intoArray(sums, at + L);
        a02.intoArray(sums, at + 2 * L);
        a03.intoArray(sums, at + 3 * L);
        a10.intoArray(sums, at + 4 * L);
        a11.intoArray(sums, at + 5 * L);
        a12.intoArray(sums, at + 6 * L);
        a13.intoArray(sums, at + 7 * L);
        a20.intoArray(sums, at + 8 * L);
        a21.intoArray(sums, at + 9 * L);
        a22.intoArray(sums, at + 10 * L);
        a23.intoArray(sums, at + 11 * L);
        a30.intoArray(sums, at + 12 * L);
        a31.intoArray(sums, at + 13 * L);
        a32.intoArray(sums, at + 14 * L);
        a33.intoArray(sums, at + 15 * L);
    }

    @Override
    public void phasePairStore(float[] sums, int second, float[] y, int[] targets, int offset, int[] columns, int vectors, int plane,
                               int tileChannels, int outChannels, float[] bias, int biasIndex) {
        for (int v = 0; v < vectors; v++) {
            VectorMask<Float> low = S.indexInRange(0, columns[v]);
            VectorMask<Float> high = S.indexInRange(L, columns[v]);
            for (int c = 0; c < outChannels; c++) {
                int at = (v * tileChannels + c) * L;
                FloatVector even = FloatVector.fromArray(S, sums, at);
                FloatVector odd = FloatVector.fromArray(S, sums, second + at);
                float add = bias == null ? 0f : bias[biasIndex + c];
                int to = targets[v] + offset + c * plane;
                INTERLEAVE_LOW.selectFrom(even, odd).add(add).intoArray(y, to, low);
                INTERLEAVE_HIGH.selectFrom(even, odd).add(add).intoArray(y, to + L, high);
            }
        }
    }

    @Override
    public void winogradInputRow(float[] row, int from, int tiles, float[] v, int to, int transformStride) {
        // d0, d1 are the even and odd columns from 2t on; d2, d3 the same from 2t + 2.
        for (int t = 0; t < tiles; t += L) {
            int at = from + 2 * t;
            FloatVector low = FloatVector.fromArray(S, row, at);
            FloatVector high = FloatVector.fromArray(S, row, at + L);
            FloatVector nextLow = FloatVector.fromArray(S, row, at + 2);
            FloatVector nextHigh = FloatVector.fromArray(S, row, at + 2 + L);
            FloatVector d0 = EVENS.selectFrom(low, high);
            FloatVector d1 = ODDS.selectFrom(low, high);
            FloatVector d2 = EVENS.selectFrom(nextLow, nextHigh);
            FloatVector d3 = ODDS.selectFrom(nextLow, nextHigh);
            d0.sub(d2).intoArray(v, to + t);
            d1.add(d2).intoArray(v, to + transformStride + t);
            d2.sub(d1).intoArray(v, to + 2 * transformStride + t);
            d1.sub(d3).intoArray(v, to + 3 * transformStride + t);
        }
    }

    @Override
    public void winogradOutputRow(float[] m, int from, int transformStride, int tiles, int cols, float[] z, int to, int ldz) {
        for (int t = 0; t < tiles; t++) {
            for (int c = 0; c < cols; c += L) {
                int at = from + t * ldz + c;
                FloatVector m0 = FloatVector.fromArray(S, m, at);
                FloatVector m1 = FloatVector.fromArray(S, m, at + transformStride);
                FloatVector m2 = FloatVector.fromArray(S, m, at + 2 * transformStride);
                FloatVector m3 = FloatVector.fromArray(S, m, at + 3 * transformStride);
                m0.add(m1).add(m2).intoArray(z, to + 2 * t * ldz + c);
                m1.sub(m2).sub(m3).intoArray(z, to + (2 * t + 1) * ldz + c);
            }
        }
    }

    @Override
    public void winogradPairInputRow(float[] row, int from, int pairs, float[] v0, float[] v1, float[] v2, int to) {
        // d0, d1 are the even and odd columns from 2t on; d2 the even ones from 2t + 2. Stores stop
        // at the row's end: the next row of V may belong to another thread's item.
        for (int t = 0; t < pairs; t += L) {
            VectorMask<Float> inRow = S.indexInRange(t, pairs);
            int at = from + 2 * t;
            FloatVector low = FloatVector.fromArray(S, row, at);
            FloatVector high = FloatVector.fromArray(S, row, at + L);
            FloatVector d1 = ODDS.selectFrom(low, high);
            EVENS.selectFrom(low, high).sub(d1).intoArray(v0, to + t, inRow);
            d1.intoArray(v1, to + t, inRow);
            EVENS.selectFrom(FloatVector.fromArray(S, row, at + 2), FloatVector.fromArray(S, row, at + 2 + L)).sub(d1)
                    .intoArray(v2, to + t, inRow);
        }
    }

    @Override
    public void winogradPairOutputRow(float[] m0, float[] m1, float[] m2, int from, int columns, float[] y, int to, int step,
                                      float[] bias, int biasIndex) {
        float add = bias == null ? 0f : bias[biasIndex];
        int fullPairs = columns / 2;
        for (int t = 0; t < fullPairs; t++) {
            float shared = m1[from + t];
            y[to + 2 * t * step] = m0[from + t] + shared + add;
            y[to + (2 * t + 1) * step] = shared + m2[from + t] + add;
        }
        if (columns % 2 != 0) {
            y[to + (columns - 1) * step] = m0[from + fullPairs] + m1[from + fullPairs] + add;
        }
    }

    @Override
    public void upsampleRow(float[] x, int from, int width, int stride, int first, float[] row, int to, int length) {
        // Each input value covers a run of `stride` output columns: whole broadcast vectors from the
        // run's start, the last one running over into the next run, which overwrites it.
        int column = Math.floorDiv(first, stride);
        for (int i = 0, end = stride - Math.floorMod(first, stride); i < length; i = end, end += stride, column++) {
            FloatVector value = FloatVector.broadcast(S, column >= 0 && column < width ? x[from + column] : 0f);
            for (int j = i, runEnd = Math.min(end, length); j < runEnd; j += L) {
                value.intoArray(row, to + j);
            }
        }
    }

    @Override
    public void depthwiseOutputRow(float[] rows, int[] rowOffset, float[] patterns, int[] patternOffset, int taps, int shifts,
                                   int stride, int residue, float[] y, int target, int width, float[] bias, int biasIndex) {
        FloatVector add = FloatVector.broadcast(S, bias == null ? 0f : bias[biasIndex]);
        int phaseStep = L % stride;
        if (phaseStep == 0 && taps > 0 && taps * shifts <= 4) {
            depthwiseRowFixedPatterns(rows, rowOffset, patterns, patternOffset, taps * shifts, shifts, stride, residue, y, target, width, add);
            return;
        }
        for (int ow = 0, phase = residue; ow < width; ow += L, phase += phase + phaseStep >= stride ? phaseStep - stride : phaseStep) {
            FloatVector sum = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                for (int m = 0; m < shifts; m++) {
                    FloatVector weights = FloatVector.fromArray(S, patterns, patternOffset[t] + (m * stride + phase) * L);
                    sum = FloatVector.fromArray(S, rows, rowOffset[t] + ow - stride * m).fma(weights, sum);
                }
            }
            sum = sum.add(add);
            if (ow + L <= width) {
                sum.intoArray(y, target + ow);
            } else {
                sum.intoArray(y, target + ow, S.indexInRange(ow, width));
            }
        }
    }

    /**
     * {@link #depthwiseOutputRow} when the lane count is a multiple of the stride, so that every
     * vector of columns starts at the same residue and uses the same weight patterns, and there are
     * at most four (tap, shift) pairs (a kernel of at most twice the stride, such as bilinear
     * upsampling): the patterns are loaded once per row and the loop is one load and one fused
     * multiply-add per pair, in the same order as the general loop.
     */
    private static void depthwiseRowFixedPatterns(float[] rows, int[] rowOffset, float[] patterns, int[] patternOffset, int pairs,
                                                  int shifts, int stride, int residue, float[] y, int target, int width, FloatVector add) {
        int r0 = rowOffset[0];
        int r1 = pairs > 1 ? rowOffset[1 / shifts] - stride * (1 % shifts) : r0;
        int r2 = pairs > 2 ? rowOffset[2 / shifts] - stride * (2 % shifts) : r0;
        int r3 = pairs > 3 ? rowOffset[3 / shifts] - stride * (3 % shifts) : r0;
        FloatVector w0 = FloatVector.fromArray(S, patterns, patternOffset[0] + residue * L);
        FloatVector w1 = pairs > 1 ? FloatVector.fromArray(S, patterns, patternOffset[1 / shifts] + ((1 % shifts) * stride + residue) * L) : w0;
        FloatVector w2 = pairs > 2 ? FloatVector.fromArray(S, patterns, patternOffset[2 / shifts] + ((2 % shifts) * stride + residue) * L) : w0;
        FloatVector w3 = pairs > 3 ? FloatVector.fromArray(S, patterns, patternOffset[3 / shifts] + ((3 % shifts) * stride + residue) * L) : w0;
        int whole = width - width % L;
        for (int ow = 0; ow < width; ow += L) {
            FloatVector sum = FloatVector.fromArray(S, rows, r0 + ow).fma(w0, FloatVector.zero(S));
            if (pairs > 1) {
                sum = FloatVector.fromArray(S, rows, r1 + ow).fma(w1, sum);
            }
            if (pairs > 2) {
                sum = FloatVector.fromArray(S, rows, r2 + ow).fma(w2, sum);
            }
            if (pairs > 3) {
                sum = FloatVector.fromArray(S, rows, r3 + ow).fma(w3, sum);
            }
            sum = sum.add(add);
            if (ow < whole) {
                sum.intoArray(y, target + ow);
            } else {
                sum.intoArray(y, target + ow, S.indexInRange(ow, width));
            }
        }
    }

    /** Rounds 8, 4 of a 16x16 transpose of {@code z[from + i * ldz + j]} plus the bias lanes, into {@code buffer}. */
    private static void transposeFirstRounds16(float[] z, int from, int ldz, float[] buffer) {
        FloatVector bias = FloatVector.fromArray(S, buffer, BIAS_LANES);
        FloatVector v0 = FloatVector.fromArray(S, z, from).add(bias);
        FloatVector v1 = FloatVector.fromArray(S, z, from + 1 * ldz).add(bias);
        FloatVector v2 = FloatVector.fromArray(S, z, from + 2 * ldz).add(bias);
        FloatVector v3 = FloatVector.fromArray(S, z, from + 3 * ldz).add(bias);
        FloatVector v4 = FloatVector.fromArray(S, z, from + 4 * ldz).add(bias);
        FloatVector v5 = FloatVector.fromArray(S, z, from + 5 * ldz).add(bias);
        FloatVector v6 = FloatVector.fromArray(S, z, from + 6 * ldz).add(bias);
        FloatVector v7 = FloatVector.fromArray(S, z, from + 7 * ldz).add(bias);
        FloatVector v8 = FloatVector.fromArray(S, z, from + 8 * ldz).add(bias);
        FloatVector v9 = FloatVector.fromArray(S, z, from + 9 * ldz).add(bias);
        FloatVector v10 = FloatVector.fromArray(S, z, from + 10 * ldz).add(bias);
        FloatVector v11 = FloatVector.fromArray(S, z, from + 11 * ldz).add(bias);
        FloatVector v12 = FloatVector.fromArray(S, z, from + 12 * ldz).add(bias);
        FloatVector v13 = FloatVector.fromArray(S, z, from + 13 * ldz).add(bias);
        FloatVector v14 = FloatVector.fromArray(S, z, from + 14 * ldz).add(bias);
        FloatVector v15 = FloatVector.fromArray(S, z, from + 15 * ldz).add(bias);
        FloatVector t0 = KEEP_8.selectFrom(v0, v8);
        FloatVector t8 = SWAP_8.selectFrom(v0, v8);
        FloatVector t1 = KEEP_8.selectFrom(v1, v9);
        FloatVector t9 = SWAP_8.selectFrom(v1, v9);
        FloatVector t2 = KEEP_8.selectFrom(v2, v10);
        FloatVector t10 = SWAP_8.selectFrom(v2, v10);
        FloatVector t3 = KEEP_8.selectFrom(v3, v11);
        FloatVector t11 = SWAP_8.selectFrom(v3, v11);
        FloatVector t4 = KEEP_8.selectFrom(v4, v12);
        FloatVector t12 = SWAP_8.selectFrom(v4, v12);
        FloatVector t5 = KEEP_8.selectFrom(v5, v13);
        FloatVector t13 = SWAP_8.selectFrom(v5, v13);
        FloatVector t6 = KEEP_8.selectFrom(v6, v14);
        FloatVector t14 = SWAP_8.selectFrom(v6, v14);
        FloatVector t7 = KEEP_8.selectFrom(v7, v15);
        FloatVector t15 = SWAP_8.selectFrom(v7, v15);
        v0 = KEEP_4.selectFrom(t0, t4);
        v4 = SWAP_4.selectFrom(t0, t4);
        v1 = KEEP_4.selectFrom(t1, t5);
        v5 = SWAP_4.selectFrom(t1, t5);
        v2 = KEEP_4.selectFrom(t2, t6);
        v6 = SWAP_4.selectFrom(t2, t6);
        v3 = KEEP_4.selectFrom(t3, t7);
        v7 = SWAP_4.selectFrom(t3, t7);
        v8 = KEEP_4.selectFrom(t8, t12);
        v12 = SWAP_4.selectFrom(t8, t12);
        v9 = KEEP_4.selectFrom(t9, t13);
        v13 = SWAP_4.selectFrom(t9, t13);
        v10 = KEEP_4.selectFrom(t10, t14);
        v14 = SWAP_4.selectFrom(t10, t14);
        v11 = KEEP_4.selectFrom(t11, t15);
        v15 = SWAP_4.selectFrom(t11, t15);
        v0.intoArray(buffer, 0);
        v1.intoArray(buffer, 16);
        v2.intoArray(buffer, 32);
        v3.intoArray(buffer, 48);
        v4.intoArray(buffer, 64);
        v5.intoArray(buffer, 80);
        v6.intoArray(buffer, 96);
        v7.intoArray(buffer, 112);
        v8.intoArray(buffer, 128);
        v9.intoArray(buffer, 144);
        v10.intoArray(buffer, 160);
        v11.intoArray(buffer, 176);
        v12.intoArray(buffer, 192);
        v13.intoArray(buffer, 208);
        v14.intoArray(buffer, 224);
        v15.intoArray(buffer, 240);
    }

    /** The remaining rounds; row j (channel j) goes to {@code target[to + j * stride]}. */
    private static void transposeLastRounds16(float[] buffer, float[] target, int to, int stride) {
        FloatVector v0 = FloatVector.fromArray(S, buffer, 0);
        FloatVector v1 = FloatVector.fromArray(S, buffer, 16);
        FloatVector v2 = FloatVector.fromArray(S, buffer, 32);
        FloatVector v3 = FloatVector.fromArray(S, buffer, 48);
        FloatVector v4 = FloatVector.fromArray(S, buffer, 64);
        FloatVector v5 = FloatVector.fromArray(S, buffer, 80);
        FloatVector v6 = FloatVector.fromArray(S, buffer, 96);
        FloatVector v7 = FloatVector.fromArray(S, buffer, 112);
        FloatVector v8 = FloatVector.fromArray(S, buffer, 128);
        FloatVector v9 = FloatVector.fromArray(S, buffer, 144);
        FloatVector v10 = FloatVector.fromArray(S, buffer, 160);
        FloatVector v11 = FloatVector.fromArray(S, buffer, 176);
        FloatVector v12 = FloatVector.fromArray(S, buffer, 192);
        FloatVector v13 = FloatVector.fromArray(S, buffer, 208);
        FloatVector v14 = FloatVector.fromArray(S, buffer, 224);
        FloatVector v15 = FloatVector.fromArray(S, buffer, 240);
        FloatVector t0 = KEEP_2.selectFrom(v0, v2);
        FloatVector t2 = SWAP_2.selectFrom(v0, v2);
        FloatVector t1 = KEEP_2.selectFrom(v1, v3);
        FloatVector t3 = SWAP_2.selectFrom(v1, v3);
        FloatVector t4 = KEEP_2.selectFrom(v4, v6);
        FloatVector t6 = SWAP_2.selectFrom(v4, v6);
        FloatVector t5 = KEEP_2.selectFrom(v5, v7);
        FloatVector t7 = SWAP_2.selectFrom(v5, v7);
        FloatVector t8 = KEEP_2.selectFrom(v8, v10);
        FloatVector t10 = SWAP_2.selectFrom(v8, v10);
        FloatVector t9 = KEEP_2.selectFrom(v9, v11);
        FloatVector t11 = SWAP_2.selectFrom(v9, v11);
        FloatVector t12 = KEEP_2.selectFrom(v12, v14);
        FloatVector t14 = SWAP_2.selectFrom(v12, v14);
        FloatVector t13 = KEEP_2.selectFrom(v13, v15);
        FloatVector t15 = SWAP_2.selectFrom(v13, v15);
        v0 = KEEP_1.selectFrom(t0, t1);
        v1 = SWAP_1.selectFrom(t0, t1);
        v2 = KEEP_1.selectFrom(t2, t3);
        v3 = SWAP_1.selectFrom(t2, t3);
        v4 = KEEP_1.selectFrom(t4, t5);
        v5 = SWAP_1.selectFrom(t4, t5);
        v6 = KEEP_1.selectFrom(t6, t7);
        v7 = SWAP_1.selectFrom(t6, t7);
        v8 = KEEP_1.selectFrom(t8, t9);
        v9 = SWAP_1.selectFrom(t8, t9);
        v10 = KEEP_1.selectFrom(t10, t11);
        v11 = SWAP_1.selectFrom(t10, t11);
        v12 = KEEP_1.selectFrom(t12, t13);
        v13 = SWAP_1.selectFrom(t12, t13);
        v14 = KEEP_1.selectFrom(t14, t15);
        v15 = SWAP_1.selectFrom(t14, t15);
        v0.intoArray(target, to + 0 * stride);
        v1.intoArray(target, to + 1 * stride);
        v2.intoArray(target, to + 2 * stride);
        v3.intoArray(target, to + 3 * stride);
        v4.intoArray(target, to + 4 * stride);
        v5.intoArray(target, to + 5 * stride);
        v6.intoArray(target, to + 6 * stride);
        v7.intoArray(target, to + 7 * stride);
        v8.intoArray(target, to + 8 * stride);
        v9.intoArray(target, to + 9 * stride);
        v10.intoArray(target, to + 10 * stride);
        v11.intoArray(target, to + 11 * stride);
        v12.intoArray(target, to + 12 * stride);
        v13.intoArray(target, to + 13 * stride);
        v14.intoArray(target, to + 14 * stride);
        v15.intoArray(target, to + 15 * stride);
    }

    /** Rounds 4 of a 8x8 transpose of {@code z[from + i * ldz + j]} plus the bias lanes, into {@code buffer}. */
    private static void transposeFirstRounds8(float[] z, int from, int ldz, float[] buffer) {
        FloatVector bias = FloatVector.fromArray(S, buffer, BIAS_LANES);
        FloatVector v0 = FloatVector.fromArray(S, z, from).add(bias);
        FloatVector v1 = FloatVector.fromArray(S, z, from + 1 * ldz).add(bias);
        FloatVector v2 = FloatVector.fromArray(S, z, from + 2 * ldz).add(bias);
        FloatVector v3 = FloatVector.fromArray(S, z, from + 3 * ldz).add(bias);
        FloatVector v4 = FloatVector.fromArray(S, z, from + 4 * ldz).add(bias);
        FloatVector v5 = FloatVector.fromArray(S, z, from + 5 * ldz).add(bias);
        FloatVector v6 = FloatVector.fromArray(S, z, from + 6 * ldz).add(bias);
        FloatVector v7 = FloatVector.fromArray(S, z, from + 7 * ldz).add(bias);
        FloatVector t0 = KEEP_4.selectFrom(v0, v4);
        FloatVector t4 = SWAP_4.selectFrom(v0, v4);
        FloatVector t1 = KEEP_4.selectFrom(v1, v5);
        FloatVector t5 = SWAP_4.selectFrom(v1, v5);
        FloatVector t2 = KEEP_4.selectFrom(v2, v6);
        FloatVector t6 = SWAP_4.selectFrom(v2, v6);
        FloatVector t3 = KEEP_4.selectFrom(v3, v7);
        FloatVector t7 = SWAP_4.selectFrom(v3, v7);
        t0.intoArray(buffer, 0);
        t1.intoArray(buffer, 8);
        t2.intoArray(buffer, 16);
        t3.intoArray(buffer, 24);
        t4.intoArray(buffer, 32);
        t5.intoArray(buffer, 40);
        t6.intoArray(buffer, 48);
        t7.intoArray(buffer, 56);
    }

    /** The remaining rounds; row j (channel j) goes to {@code target[to + j * stride]}. */
    private static void transposeLastRounds8(float[] buffer, float[] target, int to, int stride) {
        FloatVector v0 = FloatVector.fromArray(S, buffer, 0);
        FloatVector v1 = FloatVector.fromArray(S, buffer, 8);
        FloatVector v2 = FloatVector.fromArray(S, buffer, 16);
        FloatVector v3 = FloatVector.fromArray(S, buffer, 24);
        FloatVector v4 = FloatVector.fromArray(S, buffer, 32);
        FloatVector v5 = FloatVector.fromArray(S, buffer, 40);
        FloatVector v6 = FloatVector.fromArray(S, buffer, 48);
        FloatVector v7 = FloatVector.fromArray(S, buffer, 56);
        FloatVector t0 = KEEP_2.selectFrom(v0, v2);
        FloatVector t2 = SWAP_2.selectFrom(v0, v2);
        FloatVector t1 = KEEP_2.selectFrom(v1, v3);
        FloatVector t3 = SWAP_2.selectFrom(v1, v3);
        FloatVector t4 = KEEP_2.selectFrom(v4, v6);
        FloatVector t6 = SWAP_2.selectFrom(v4, v6);
        FloatVector t5 = KEEP_2.selectFrom(v5, v7);
        FloatVector t7 = SWAP_2.selectFrom(v5, v7);
        v0 = KEEP_1.selectFrom(t0, t1);
        v1 = SWAP_1.selectFrom(t0, t1);
        v2 = KEEP_1.selectFrom(t2, t3);
        v3 = SWAP_1.selectFrom(t2, t3);
        v4 = KEEP_1.selectFrom(t4, t5);
        v5 = SWAP_1.selectFrom(t4, t5);
        v6 = KEEP_1.selectFrom(t6, t7);
        v7 = SWAP_1.selectFrom(t6, t7);
        v0.intoArray(target, to + 0 * stride);
        v1.intoArray(target, to + 1 * stride);
        v2.intoArray(target, to + 2 * stride);
        v3.intoArray(target, to + 3 * stride);
        v4.intoArray(target, to + 4 * stride);
        v5.intoArray(target, to + 5 * stride);
        v6.intoArray(target, to + 6 * stride);
        v7.intoArray(target, to + 7 * stride);
    }

    private static void channelTile8x2(float[] a, int[] segmentStart, int[] segmentHalf, int[] segmentK,
            int[] segmentLength, int segments, int aStride, float[] b, int bo, float[] c, int co, int cHalf, int ldc, boolean accumulate) {
        FloatVector c00 = accumulate ? FloatVector.fromArray(S, c, co) : FloatVector.zero(S);
        FloatVector c01 = accumulate ? FloatVector.fromArray(S, c, co + 1 * L) : FloatVector.zero(S);
        FloatVector c10 = accumulate ? FloatVector.fromArray(S, c, co + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = accumulate ? FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c20 = accumulate ? FloatVector.fromArray(S, c, co + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = accumulate ? FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c30 = accumulate ? FloatVector.fromArray(S, c, co + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = accumulate ? FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c40 = accumulate ? FloatVector.fromArray(S, c, cHalf) : FloatVector.zero(S);
        FloatVector c41 = accumulate ? FloatVector.fromArray(S, c, cHalf + 1 * L) : FloatVector.zero(S);
        FloatVector c50 = accumulate ? FloatVector.fromArray(S, c, cHalf + 1 * ldc) : FloatVector.zero(S);
        FloatVector c51 = accumulate ? FloatVector.fromArray(S, c, cHalf + 1 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c60 = accumulate ? FloatVector.fromArray(S, c, cHalf + 2 * ldc) : FloatVector.zero(S);
        FloatVector c61 = accumulate ? FloatVector.fromArray(S, c, cHalf + 2 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c70 = accumulate ? FloatVector.fromArray(S, c, cHalf + 3 * ldc) : FloatVector.zero(S);
        FloatVector c71 = accumulate ? FloatVector.fromArray(S, c, cHalf + 3 * ldc + 1 * L) : FloatVector.zero(S);
        for (int seg = 0; seg < segments; seg++) {
            int ao = segmentStart[seg];
            int ah = segmentHalf[seg];
            int bk = bo + segmentK[seg] * 2 * L;
            for (int k = segmentLength[seg]; k > 0; k--, ao += aStride, ah += aStride, bk += 2 * L) {
                FloatVector b0 = FloatVector.fromArray(S, b, bk);
                FloatVector b1 = FloatVector.fromArray(S, b, bk + 1 * L);
                FloatVector a0 = FloatVector.broadcast(S, a[ao]);
                c00 = b0.fma(a0, c00);
                c01 = b1.fma(a0, c01);
                FloatVector a1 = FloatVector.broadcast(S, a[ao + 1]);
                c10 = b0.fma(a1, c10);
                c11 = b1.fma(a1, c11);
                FloatVector a2 = FloatVector.broadcast(S, a[ao + 2]);
                c20 = b0.fma(a2, c20);
                c21 = b1.fma(a2, c21);
                FloatVector a3 = FloatVector.broadcast(S, a[ao + 3]);
                c30 = b0.fma(a3, c30);
                c31 = b1.fma(a3, c31);
                FloatVector a4 = FloatVector.broadcast(S, a[ah]);
                c40 = b0.fma(a4, c40);
                c41 = b1.fma(a4, c41);
                FloatVector a5 = FloatVector.broadcast(S, a[ah + 1]);
                c50 = b0.fma(a5, c50);
                c51 = b1.fma(a5, c51);
                FloatVector a6 = FloatVector.broadcast(S, a[ah + 2]);
                c60 = b0.fma(a6, c60);
                c61 = b1.fma(a6, c61);
                FloatVector a7 = FloatVector.broadcast(S, a[ah + 3]);
                c70 = b0.fma(a7, c70);
                c71 = b1.fma(a7, c71);
            }
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c40.intoArray(c, cHalf);
        c41.intoArray(c, cHalf + 1 * L);
        c50.intoArray(c, cHalf + 1 * ldc);
        c51.intoArray(c, cHalf + 1 * ldc + 1 * L);
        c60.intoArray(c, cHalf + 2 * ldc);
        c61.intoArray(c, cHalf + 2 * ldc + 1 * L);
        c70.intoArray(c, cHalf + 3 * ldc);
        c71.intoArray(c, cHalf + 3 * ldc + 1 * L);
    }

    private static void streamedTile12x2(float[] a, int aStart, int first, int length, int firstRow, float[] b, int bo, int secondStream,
            float[] c, int co, int ldc, boolean accumulate) {
        int c0 = co + firstRow * ldc;
        int a0 = aStart + first * 12;
        int b0Start = bo + first * L;
        int b1Start = bo + secondStream + first * L;
        FloatVector c0x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 0 * ldc) : FloatVector.zero(S);
        FloatVector c0x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 0 * ldc + L) : FloatVector.zero(S);
        FloatVector c1x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 1 * ldc) : FloatVector.zero(S);
        FloatVector c1x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 1 * ldc + L) : FloatVector.zero(S);
        FloatVector c2x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 2 * ldc) : FloatVector.zero(S);
        FloatVector c2x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c3x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 3 * ldc) : FloatVector.zero(S);
        FloatVector c3x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 3 * ldc + L) : FloatVector.zero(S);
        FloatVector c4x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 4 * ldc) : FloatVector.zero(S);
        FloatVector c4x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 4 * ldc + L) : FloatVector.zero(S);
        FloatVector c5x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 5 * ldc) : FloatVector.zero(S);
        FloatVector c5x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 5 * ldc + L) : FloatVector.zero(S);
        FloatVector c6x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 6 * ldc) : FloatVector.zero(S);
        FloatVector c6x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 6 * ldc + L) : FloatVector.zero(S);
        FloatVector c7x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 7 * ldc) : FloatVector.zero(S);
        FloatVector c7x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 7 * ldc + L) : FloatVector.zero(S);
        FloatVector c8x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 8 * ldc) : FloatVector.zero(S);
        FloatVector c8x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 8 * ldc + L) : FloatVector.zero(S);
        FloatVector c9x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 9 * ldc) : FloatVector.zero(S);
        FloatVector c9x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 9 * ldc + L) : FloatVector.zero(S);
        FloatVector c10x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 10 * ldc) : FloatVector.zero(S);
        FloatVector c10x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 10 * ldc + L) : FloatVector.zero(S);
        FloatVector c11x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 11 * ldc) : FloatVector.zero(S);
        FloatVector c11x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 11 * ldc + L) : FloatVector.zero(S);
        // Indexes = base + constant * k, so C2 drops the bounds checks from the loop: fewer
        // instructions per weight line leaves room for more lines in flight while streaming.
        for (int k = 0; k < length; k++) {
            int ak = a0 + 12 * k;
            FloatVector b0 = FloatVector.fromArray(S, b, b0Start + L * k);
            FloatVector b1 = FloatVector.fromArray(S, b, b1Start + L * k);
            FloatVector x0 = FloatVector.broadcast(S, a[ak + 0]);
            c0x0 = b0.fma(x0, c0x0);
            c0x1 = b1.fma(x0, c0x1);
            FloatVector x1 = FloatVector.broadcast(S, a[ak + 1]);
            c1x0 = b0.fma(x1, c1x0);
            c1x1 = b1.fma(x1, c1x1);
            FloatVector x2 = FloatVector.broadcast(S, a[ak + 2]);
            c2x0 = b0.fma(x2, c2x0);
            c2x1 = b1.fma(x2, c2x1);
            FloatVector x3 = FloatVector.broadcast(S, a[ak + 3]);
            c3x0 = b0.fma(x3, c3x0);
            c3x1 = b1.fma(x3, c3x1);
            FloatVector x4 = FloatVector.broadcast(S, a[ak + 4]);
            c4x0 = b0.fma(x4, c4x0);
            c4x1 = b1.fma(x4, c4x1);
            FloatVector x5 = FloatVector.broadcast(S, a[ak + 5]);
            c5x0 = b0.fma(x5, c5x0);
            c5x1 = b1.fma(x5, c5x1);
            FloatVector x6 = FloatVector.broadcast(S, a[ak + 6]);
            c6x0 = b0.fma(x6, c6x0);
            c6x1 = b1.fma(x6, c6x1);
            FloatVector x7 = FloatVector.broadcast(S, a[ak + 7]);
            c7x0 = b0.fma(x7, c7x0);
            c7x1 = b1.fma(x7, c7x1);
            FloatVector x8 = FloatVector.broadcast(S, a[ak + 8]);
            c8x0 = b0.fma(x8, c8x0);
            c8x1 = b1.fma(x8, c8x1);
            FloatVector x9 = FloatVector.broadcast(S, a[ak + 9]);
            c9x0 = b0.fma(x9, c9x0);
            c9x1 = b1.fma(x9, c9x1);
            FloatVector x10 = FloatVector.broadcast(S, a[ak + 10]);
            c10x0 = b0.fma(x10, c10x0);
            c10x1 = b1.fma(x10, c10x1);
            FloatVector x11 = FloatVector.broadcast(S, a[ak + 11]);
            c11x0 = b0.fma(x11, c11x0);
            c11x1 = b1.fma(x11, c11x1);
        }
        c0x0.intoArray(c, c0 + 0 * ldc);
        c0x1.intoArray(c, c0 + 0 * ldc + L);
        c1x0.intoArray(c, c0 + 1 * ldc);
        c1x1.intoArray(c, c0 + 1 * ldc + L);
        c2x0.intoArray(c, c0 + 2 * ldc);
        c2x1.intoArray(c, c0 + 2 * ldc + L);
        c3x0.intoArray(c, c0 + 3 * ldc);
        c3x1.intoArray(c, c0 + 3 * ldc + L);
        c4x0.intoArray(c, c0 + 4 * ldc);
        c4x1.intoArray(c, c0 + 4 * ldc + L);
        c5x0.intoArray(c, c0 + 5 * ldc);
        c5x1.intoArray(c, c0 + 5 * ldc + L);
        c6x0.intoArray(c, c0 + 6 * ldc);
        c6x1.intoArray(c, c0 + 6 * ldc + L);
        c7x0.intoArray(c, c0 + 7 * ldc);
        c7x1.intoArray(c, c0 + 7 * ldc + L);
        c8x0.intoArray(c, c0 + 8 * ldc);
        c8x1.intoArray(c, c0 + 8 * ldc + L);
        c9x0.intoArray(c, c0 + 9 * ldc);
        c9x1.intoArray(c, c0 + 9 * ldc + L);
        c10x0.intoArray(c, c0 + 10 * ldc);
        c10x1.intoArray(c, c0 + 10 * ldc + L);
        c11x0.intoArray(c, c0 + 11 * ldc);
        c11x1.intoArray(c, c0 + 11 * ldc + L);
    }

    private static void streamedTile4x2(float[] a, int aStart, int first, int length, int firstRow, float[] b, int bo, int secondStream,
            float[] c, int co, int ldc, boolean accumulate) {
        int c0 = co + firstRow * ldc;
        int a0 = aStart + first * 4;
        int b0Start = bo + first * L;
        int b1Start = bo + secondStream + first * L;
        FloatVector c0x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 0 * ldc) : FloatVector.zero(S);
        FloatVector c0x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 0 * ldc + L) : FloatVector.zero(S);
        FloatVector c1x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 1 * ldc) : FloatVector.zero(S);
        FloatVector c1x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 1 * ldc + L) : FloatVector.zero(S);
        FloatVector c2x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 2 * ldc) : FloatVector.zero(S);
        FloatVector c2x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c3x0 = accumulate ? FloatVector.fromArray(S, c, c0 + 3 * ldc) : FloatVector.zero(S);
        FloatVector c3x1 = accumulate ? FloatVector.fromArray(S, c, c0 + 3 * ldc + L) : FloatVector.zero(S);
        // Indexes = base + constant * k, so C2 drops the bounds checks from the loop: fewer
        // instructions per weight line leaves room for more lines in flight while streaming.
        for (int k = 0; k < length; k++) {
            int ak = a0 + 4 * k;
            FloatVector b0 = FloatVector.fromArray(S, b, b0Start + L * k);
            FloatVector b1 = FloatVector.fromArray(S, b, b1Start + L * k);
            FloatVector x0 = FloatVector.broadcast(S, a[ak + 0]);
            c0x0 = b0.fma(x0, c0x0);
            c0x1 = b1.fma(x0, c0x1);
            FloatVector x1 = FloatVector.broadcast(S, a[ak + 1]);
            c1x0 = b0.fma(x1, c1x0);
            c1x1 = b1.fma(x1, c1x1);
            FloatVector x2 = FloatVector.broadcast(S, a[ak + 2]);
            c2x0 = b0.fma(x2, c2x0);
            c2x1 = b1.fma(x2, c2x1);
            FloatVector x3 = FloatVector.broadcast(S, a[ak + 3]);
            c3x0 = b0.fma(x3, c3x0);
            c3x1 = b1.fma(x3, c3x1);
        }
        c0x0.intoArray(c, c0 + 0 * ldc);
        c0x1.intoArray(c, c0 + 0 * ldc + L);
        c1x0.intoArray(c, c0 + 1 * ldc);
        c1x1.intoArray(c, c0 + 1 * ldc + L);
        c2x0.intoArray(c, c0 + 2 * ldc);
        c2x1.intoArray(c, c0 + 2 * ldc + L);
        c3x0.intoArray(c, c0 + 3 * ldc);
        c3x1.intoArray(c, c0 + 3 * ldc + L);
    }

    private static void channelTile8x1(float[] a, int[] segmentStart, int[] segmentHalf, int[] segmentK,
            int[] segmentLength, int segments, int aStride, float[] b, int bo, float[] c, int co, int cHalf, int ldc, boolean accumulate) {
        FloatVector c00 = accumulate ? FloatVector.fromArray(S, c, co) : FloatVector.zero(S);
        FloatVector c10 = accumulate ? FloatVector.fromArray(S, c, co + 1 * ldc) : FloatVector.zero(S);
        FloatVector c20 = accumulate ? FloatVector.fromArray(S, c, co + 2 * ldc) : FloatVector.zero(S);
        FloatVector c30 = accumulate ? FloatVector.fromArray(S, c, co + 3 * ldc) : FloatVector.zero(S);
        FloatVector c40 = accumulate ? FloatVector.fromArray(S, c, cHalf) : FloatVector.zero(S);
        FloatVector c50 = accumulate ? FloatVector.fromArray(S, c, cHalf + 1 * ldc) : FloatVector.zero(S);
        FloatVector c60 = accumulate ? FloatVector.fromArray(S, c, cHalf + 2 * ldc) : FloatVector.zero(S);
        FloatVector c70 = accumulate ? FloatVector.fromArray(S, c, cHalf + 3 * ldc) : FloatVector.zero(S);
        for (int seg = 0; seg < segments; seg++) {
            int ao = segmentStart[seg];
            int ah = segmentHalf[seg];
            int bk = bo + segmentK[seg] * 1 * L;
            for (int k = segmentLength[seg]; k > 0; k--, ao += aStride, ah += aStride, bk += 1 * L) {
                FloatVector b0 = FloatVector.fromArray(S, b, bk);
                FloatVector a0 = FloatVector.broadcast(S, a[ao]);
                c00 = b0.fma(a0, c00);
                FloatVector a1 = FloatVector.broadcast(S, a[ao + 1]);
                c10 = b0.fma(a1, c10);
                FloatVector a2 = FloatVector.broadcast(S, a[ao + 2]);
                c20 = b0.fma(a2, c20);
                FloatVector a3 = FloatVector.broadcast(S, a[ao + 3]);
                c30 = b0.fma(a3, c30);
                FloatVector a4 = FloatVector.broadcast(S, a[ah]);
                c40 = b0.fma(a4, c40);
                FloatVector a5 = FloatVector.broadcast(S, a[ah + 1]);
                c50 = b0.fma(a5, c50);
                FloatVector a6 = FloatVector.broadcast(S, a[ah + 2]);
                c60 = b0.fma(a6, c60);
                FloatVector a7 = FloatVector.broadcast(S, a[ah + 3]);
                c70 = b0.fma(a7, c70);
            }
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + 1 * ldc);
        c20.intoArray(c, co + 2 * ldc);
        c30.intoArray(c, co + 3 * ldc);
        c40.intoArray(c, cHalf);
        c50.intoArray(c, cHalf + 1 * ldc);
        c60.intoArray(c, cHalf + 2 * ldc);
        c70.intoArray(c, cHalf + 3 * ldc);
    }
    private static void channelTile1x4(float[] a, int[] segmentStart, int[] segmentK, int[] segmentLength, int segments,
            int aStride, float[] b, int bo, float[] c, int co, boolean accumulate) {
        FloatVector c00 = accumulate ? FloatVector.fromArray(S, c, co) : FloatVector.zero(S);
        FloatVector c01 = accumulate ? FloatVector.fromArray(S, c, co + 1 * L) : FloatVector.zero(S);
        FloatVector c02 = accumulate ? FloatVector.fromArray(S, c, co + 2 * L) : FloatVector.zero(S);
        FloatVector c03 = accumulate ? FloatVector.fromArray(S, c, co + 3 * L) : FloatVector.zero(S);
        for (int seg = 0; seg < segments; seg++) {
            int ao = segmentStart[seg];
            int bk = bo + segmentK[seg] * 4 * L;
            for (int k = segmentLength[seg]; k > 0; k--, ao += aStride, bk += 4 * L) {
                FloatVector a0 = FloatVector.broadcast(S, a[ao]);
                c00 = FloatVector.fromArray(S, b, bk).fma(a0, c00);
                c01 = FloatVector.fromArray(S, b, bk + 1 * L).fma(a0, c01);
                c02 = FloatVector.fromArray(S, b, bk + 2 * L).fma(a0, c02);
                c03 = FloatVector.fromArray(S, b, bk + 3 * L).fma(a0, c03);
            }
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
    }

    private static void channelTile1x2(float[] a, int[] segmentStart, int[] segmentK, int[] segmentLength, int segments,
            int aStride, float[] b, int bo, float[] c, int co, boolean accumulate) {
        FloatVector c00 = accumulate ? FloatVector.fromArray(S, c, co) : FloatVector.zero(S);
        FloatVector c01 = accumulate ? FloatVector.fromArray(S, c, co + 1 * L) : FloatVector.zero(S);
        for (int seg = 0; seg < segments; seg++) {
            int ao = segmentStart[seg];
            int bk = bo + segmentK[seg] * 2 * L;
            for (int k = segmentLength[seg]; k > 0; k--, ao += aStride, bk += 2 * L) {
                FloatVector b0 = FloatVector.fromArray(S, b, bk);
                FloatVector b1 = FloatVector.fromArray(S, b, bk + 1 * L);
                FloatVector a0 = FloatVector.broadcast(S, a[ao]);
                c00 = b0.fma(a0, c00);
                c01 = b1.fma(a0, c01);
            }
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
    }

    private static void channelTile1x1(float[] a, int[] segmentStart, int[] segmentK, int[] segmentLength, int segments,
            int aStride, float[] b, int bo, float[] c, int co, boolean accumulate) {
        FloatVector c00 = accumulate ? FloatVector.fromArray(S, c, co) : FloatVector.zero(S);
        for (int seg = 0; seg < segments; seg++) {
            int ao = segmentStart[seg];
            int bk = bo + segmentK[seg] * 1 * L;
            for (int k = segmentLength[seg]; k > 0; k--, ao += aStride, bk += 1 * L) {
                FloatVector b0 = FloatVector.fromArray(S, b, bk);
                FloatVector a0 = FloatVector.broadcast(S, a[ao]);
                c00 = b0.fma(a0, c00);
            }
        }
        c00.intoArray(c, co);
    }
    private static void pixelTile4x4(float[] a, int ao0, int ao1, int ao2, int ao3, int aStride, float[] b, int bo, float[] c, int co, int ldc, int kc, boolean accumulate) {
        FloatVector c00 = accumulate ? FloatVector.fromArray(S, c, co) : FloatVector.zero(S);
        FloatVector c01 = accumulate ? FloatVector.fromArray(S, c, co + 1 * L) : FloatVector.zero(S);
        FloatVector c02 = accumulate ? FloatVector.fromArray(S, c, co + 2 * L) : FloatVector.zero(S);
        FloatVector c03 = accumulate ? FloatVector.fromArray(S, c, co + 3 * L) : FloatVector.zero(S);
        FloatVector c10 = accumulate ? FloatVector.fromArray(S, c, co + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = accumulate ? FloatVector.fromArray(S, c, co + 1 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c12 = accumulate ? FloatVector.fromArray(S, c, co + 1 * ldc + 2 * L) : FloatVector.zero(S);
        FloatVector c13 = accumulate ? FloatVector.fromArray(S, c, co + 1 * ldc + 3 * L) : FloatVector.zero(S);
        FloatVector c20 = accumulate ? FloatVector.fromArray(S, c, co + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = accumulate ? FloatVector.fromArray(S, c, co + 2 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c22 = accumulate ? FloatVector.fromArray(S, c, co + 2 * ldc + 2 * L) : FloatVector.zero(S);
        FloatVector c23 = accumulate ? FloatVector.fromArray(S, c, co + 2 * ldc + 3 * L) : FloatVector.zero(S);
        FloatVector c30 = accumulate ? FloatVector.fromArray(S, c, co + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = accumulate ? FloatVector.fromArray(S, c, co + 3 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c32 = accumulate ? FloatVector.fromArray(S, c, co + 3 * ldc + 2 * L) : FloatVector.zero(S);
        FloatVector c33 = accumulate ? FloatVector.fromArray(S, c, co + 3 * ldc + 3 * L) : FloatVector.zero(S);
        for (int k = 0, step = 0; k < kc; k++, step += aStride, bo += 4) {
            FloatVector a0 = FloatVector.fromArray(S, a, ao0 + step);
            FloatVector a1 = FloatVector.fromArray(S, a, ao1 + step);
            FloatVector a2 = FloatVector.fromArray(S, a, ao2 + step);
            FloatVector a3 = FloatVector.fromArray(S, a, ao3 + step);
            FloatVector b0 = FloatVector.broadcast(S, b[bo + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a1.fma(b0, c01);
            c02 = a2.fma(b0, c02);
            c03 = a3.fma(b0, c03);
            FloatVector b1 = FloatVector.broadcast(S, b[bo + 1]);
            c10 = a0.fma(b1, c10);
            c11 = a1.fma(b1, c11);
            c12 = a2.fma(b1, c12);
            c13 = a3.fma(b1, c13);
            FloatVector b2 = FloatVector.broadcast(S, b[bo + 2]);
            c20 = a0.fma(b2, c20);
            c21 = a1.fma(b2, c21);
            c22 = a2.fma(b2, c22);
            c23 = a3.fma(b2, c23);
            FloatVector b3 = FloatVector.broadcast(S, b[bo + 3]);
            c30 = a0.fma(b3, c30);
            c31 = a1.fma(b3, c31);
            c32 = a2.fma(b3, c32);
            c33 = a3.fma(b3, c33);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
        c10.intoArray(c, co + 1 * ldc);
        c11.intoArray(c, co + 1 * ldc + 1 * L);
        c12.intoArray(c, co + 1 * ldc + 2 * L);
        c13.intoArray(c, co + 1 * ldc + 3 * L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 1 * L);
        c22.intoArray(c, co + 2 * ldc + 2 * L);
        c23.intoArray(c, co + 2 * ldc + 3 * L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 1 * L);
        c32.intoArray(c, co + 3 * ldc + 2 * L);
        c33.intoArray(c, co + 3 * ldc + 3 * L);
    }

    private static void pixelTile4x1(float[] a, int ao0, int ao1, int ao2, int ao3, int aStride, float[] b, int bo, float[] c, int co, int ldc, int kc, boolean accumulate) {
        FloatVector c00 = accumulate ? FloatVector.fromArray(S, c, co) : FloatVector.zero(S);
        FloatVector c01 = accumulate ? FloatVector.fromArray(S, c, co + 1 * L) : FloatVector.zero(S);
        FloatVector c02 = accumulate ? FloatVector.fromArray(S, c, co + 2 * L) : FloatVector.zero(S);
        FloatVector c03 = accumulate ? FloatVector.fromArray(S, c, co + 3 * L) : FloatVector.zero(S);
        for (int k = 0, step = 0; k < kc; k++, step += aStride, bo += 1) {
            FloatVector a0 = FloatVector.fromArray(S, a, ao0 + step);
            FloatVector a1 = FloatVector.fromArray(S, a, ao1 + step);
            FloatVector a2 = FloatVector.fromArray(S, a, ao2 + step);
            FloatVector a3 = FloatVector.fromArray(S, a, ao3 + step);
            FloatVector b0 = FloatVector.broadcast(S, b[bo + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a1.fma(b0, c01);
            c02 = a2.fma(b0, c02);
            c03 = a3.fma(b0, c03);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 1 * L);
        c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
    }
}
