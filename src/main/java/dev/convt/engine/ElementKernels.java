package dev.convt.engine;

/**
 * The per-element-type half of the engine: everything that touches float[] or double[] data in
 * the hot loop. The engines ({@link PhaseGemmEngine}, {@link DepthwiseEngine}, {@link ScatterEngine},
 * {@link WinogradEngine}, {@link PhasePairEngine}) own the loops, blocking and index tables; an
 * implementation owns packing, the micro-kernels, the Winograd transforms and the write-out.
 * {@code A} is {@code float[]} or {@code double[]}.
 *
 * <p>Every micro-kernel computes, for each output element, the same chain of fused multiply-adds
 * in the same reduction order ({@code k} ascending, continuing from the partial sum when
 * {@code accumulate}); how rows and columns are grouped into tiles never changes a result (a
 * skipped tap only leaves out exact zeros), which is why results are bitwise identical for every
 * thread count.
 */
interface ElementKernels<A> {
    A newArray(int length);

    /** Lanes per vector for this element type at {@link VectorWidth#SHAPE}. */
    int lanes();

    /** Bytes per element, for sizing blocks to cache budgets. */
    default int elementBytes() {
        return VectorWidth.SHAPE.vectorBitSize() / 8 / lanes();
    }

    /** Pixels per chunk of the staged write-out ({@link #writeStaged}). */
    int WRITE_CHUNK = 256;

    /** Elements of the buffer {@link #writeStaged} needs: a transpose block, the bias lanes and a chunk of channel rows. */
    default int writeStagedBufferLength() {
        return lanes() * (lanes() + 1 + WRITE_CHUNK);
    }

    /** Element {@code index} of {@code array}, widened (plan-time packing). */
    double get(A array, int index);

    /** Sets element {@code index} of {@code array} to {@code value} rounded to the element type (plan-time packing). */
    void set(A array, int index, double value);

    /** Copies element {@code from} of {@code source} to element {@code to} of {@code target} (plan-time packing). */
    default void copy(A source, int from, A target, int to) {
        set(target, to, get(source, from));
    }

    /**
     * Copies {@code rows} rows of {@code cols} of each of {@code channels} NCHW channel planes (row
     * r of channel c at {@code x[from + c * sourceChannelStride + r * cols]}) into the padded
     * (row, channel, column) layout: element (c, r, w) goes to {@code xp[to + r * rowStride + c * channelStride + w]}.
     * Nothing else is written.
     */
    void interleaveRows(A x, int from, int channels, int sourceChannelStride, int rows, int cols, A xp, int to, int rowStride,
                        int channelStride);

    /** Sets {@code a[from, to)} to zero. */
    void zero(A a, int from, int to);

    /**
     * Packs one tile of {@code mr} rows for the reduction block {@code [k0, k0 + kc)} into
     * {@code a[packedFrom + (k - k0) * mr + row]}, for tiles whose rows are not contiguous in the
     * padded input or whose inputs must stay dense in cache:
     * row {@code r} reads through tap 0 at {@code base[row0 + r]}, through tap t
     * {@link PhaseGemm#tapDelta} further; reduction index {@code k = tap * channels + c} reads
     * channel c, {@code channelOffset + c * channelStride} further. Rows in runs of four
     * neighbouring pixels are copied a vector at a time, so both {@code x} and {@code a} must
     * extend a vector past what is read or written, and what follows the tile in {@code a} may be
     * overwritten (pack tiles in increasing order).
     */
    void packTile(A x, A a, int packedFrom, int[] base, PhaseGemm phase, PaddedInput padded, int row0, int mr, int k0, int kc,
                  int channels, int channelOffset);

    /**
     * {@code C[rows][vectors * lanes]} (+)= {@code A[rows][k] * B[k][vectors * lanes]} for 8 rows
     * (or 1, for products with fewer rows than a tile), vectorized across output channels, with
     * the reduction given as {@code segments} runs (a tap's channels each, so that taps that add
     * only zeros can be left out): run {@code s} has A element (k, row) at
     * {@code a[segmentStart[s] + k * aStride + row]} for rows 0-3 and at
     * {@code a[segmentHalf[s] + k * aStride + row - 4]} for rows 4-7 (so the two halves of a tile
     * may come from two image rows), broadcast per row, and B row k at
     * {@code b[bo + (segmentK[s] + k) * vectors * lanes]} (loaded as vectors), for
     * {@code k < segmentLength[s]}. C element (row, col) is {@code c[co + row * ldc + col]} for
     * rows 0-3 and {@code c[cHalf + (row - 4) * ldc + col]} for rows 4-7 (a tile's halves may land
     * in two output rows); the accumulators stay in registers across the runs. {@code vectors} is
     * 1 or 2 for 8 rows, 1, 2 or 4 for 1 row.
     */
    void channelTile(A a, int[] segmentStart, int[] segmentHalf, int[] segmentK, int[] segmentLength, int segments, int aStride,
                     A b, int bo, A c, int co, int cHalf, int ldc, int rows, int vectors, boolean accumulate);

    /**
     * {@code C[cols][4 * lanes rows]} (+)= ..., vectorized across output pixels: vector {@code v}
     * of A row k is loaded from {@code a[aoV + k * aStride]} (four independent bases, so a tile may
     * span image rows), B broadcast per column from {@code b[bo + k * cols + col]}.
     * C element (row, col) is {@code c[co + col * ldc + row]}. {@code cols} is 1 or 4.
     */
    void pixelTile(A a, int ao0, int ao1, int ao2, int ao3, int aStride, A b, int bo, A c, int co, int ldc,
                   int kc, int cols, boolean accumulate);

    /**
     * {@code C} (+)= {@code A * B} for {@code rows} (12 or 4) rows from {@code firstRow} on and
     * two vectors of columns, over the reduction steps {@code [first, first + length)}, for
     * weights that stream from memory. A is packed, {@code rows} values a step: element (k, r)
     * at {@code a[aStart + k * rows + r]}. B's two vectors are two streams: vector {@code v} of
     * row k at {@code b[bo + v * secondStream + k * lanes]}. C element (row {@code firstRow + r},
     * col) is {@code c[co + (firstRow + r) * ldc + col]}.
     */
    void streamedTile(A a, int aStart, int first, int length, int rows, int firstRow, A b, int bo, int secondStream, A c, int co, int ldc,
                      boolean accumulate);

    /** The scalar twin of {@link #channelTile}: {@code rows} by {@code nr} columns, plain loops, same order of operations. */
    void scalarTile(A a, int[] segmentStart, int[] segmentHalf, int[] segmentK, int[] segmentLength, int segments, int aStride,
                    A b, int bo, A c, int co, int cHalf, int ldc, int rows, int nr, boolean accumulate);

    /**
     * Writes C plus bias into the NCHW output: for rows with {@code target[row] >= 0} and columns
     * {@code col} in {@code [0, cols)}: {@code y[target[row] + (channelBase+col)*plane] =
     * c[row*rowStride + col*colStride] + bias[channelBase + col]}; rows of tiles that no tap
     * reached ({@code !computed[row / mr]}) get the bias alone; no bias when {@code bias} is null.
     */
    void writeOut(A y, A bias, A c, int[] target, boolean[] computed, int mr, int rows, int rowStride, int colStride,
                  int cols, int channelBase, int plane);

    /**
     * Writes a band of output rows staged channels-last plus bias into NCHW: for {@code r < rows},
     * {@code ow < width}, {@code col < cols}: {@code y[target + (channelBase + col) * plane + r * width + ow] =
     * z[zFrom + (r * zWidth + ow) * ldz + col] + bias[channelBase + col]} (no bias when null).
     * {@code buffer} holds at least {@link #writeStagedBufferLength} elements. Whole blocks of
     * {@code lanes} pixels are read, so {@code z} needs room for {@code lanes} pixels
     * ({@code lanes * ldz} elements) past the band's last row, and {@code ldz} must cover the
     * channels up to the next multiple of {@code lanes}.
     */
    void writeStaged(A y, A bias, A z, int zFrom, int ldz, int zWidth, int rows, int width, int cols, int channelBase, int target,
                     int plane, A buffer);

    /** Pixel vectors of a {@link #phasePairSums} tile. */
    int PHASE_PAIR_VECTORS = 4;
    /** Output channels of a narrow {@link #phasePairSums} tile (12 accumulators). */
    int PHASE_PAIR_NARROW = 3;
    /** Output channels of a wide {@link #phasePairSums} tile (16 accumulators). */
    int PHASE_PAIR_WIDE = 4;

    /**
     * One column phase of a phase-pair tile ({@link PhasePairEngine}): {@link #PHASE_PAIR_VECTORS}
     * vectors of phase pixels x {@code tileChannels} output channels ({@link #PHASE_PAIR_NARROW} or
     * {@link #PHASE_PAIR_WIDE}), vectorized across pixels. For pixel vector {@code v} and channel
     * {@code c}, the sum runs over taps {@code t < taps} and input channels {@code ci < channels},
     * of {@code x[pixels[v] + delta[t] + ci * channelStride + lane]} (loaded as a vector) times
     * {@code w[weightBase + weight[t] + ci * tileChannels + c]} (broadcast), from zero in that
     * order; it is stored to {@code sums[at + (v * tileChannels + c) * lanes + lane]}.
     */
    void phasePairSums(A x, int[] pixels, int channels, int channelStride, int[] delta, int[] weight, int taps, int weightBase,
                       A w, int tileChannels, A sums, int at);

    /**
     * Interleaves the two column phases of a stride-2 width that {@link #phasePairSums} left in
     * {@code sums} (the even output columns' from 0, the odd ones' from {@code second}) and stores
     * them, plus {@code bias[biasIndex + c]} (none when null): for pixel vectors {@code v < vectors}
     * and channels {@code c < outChannels}, output columns {@code [0, columns[v])} (at most
     * {@code 2 * lanes}) to {@code y[targets[v] + offset + c * plane + column]}. The sums are laid
     * out as {@link #phasePairSums} leaves them for tiles of {@code tileChannels}.
     */
    void phasePairStore(A sums, int second, A y, int[] targets, int offset, int[] columns, int vectors, int plane, int tileChannels,
                        int outChannels, A bias, int biasIndex);

    /**
     * The Winograd F(2,3) input transform of one row: with {@code d_j = row[from + 2t + j]}, for
     * {@code t} in {@code [0, tiles)} rounded up to whole vectors, {@code v[to + xi * transformStride + t]}
     * is {@code d0 - d2}, {@code d1 + d2}, {@code d2 - d1}, {@code d1 - d3} for {@code xi} = 0..3.
     * Reads up to {@code row[from + 2 * roundUp(tiles, lanes) + 1]}.
     */
    void winogradInputRow(A row, int from, int tiles, A v, int to, int transformStride);

    /**
     * The Winograd F(2,3) output transform of one row of tiles: with {@code m_xi} the vector of
     * channels {@code c..} of tile {@code t} at {@code m[from + xi * transformStride + t * ldz + c]},
     * output column {@code 2t} gets {@code m0 + m1 + m2} and {@code 2t + 1} gets
     * {@code m1 - m2 - m3}, at {@code z[to + column * ldz + c]}, for {@code t < tiles} and
     * {@code c < cols} in whole vectors.
     */
    void winogradOutputRow(A m, int from, int transformStride, int tiles, int cols, A z, int to, int ldz);

    /**
     * The Winograd F(2,2) input transform of one row of pairs ({@link WinogradPhasesEngine}): with
     * {@code d_i = row[from + 2t + i]}, for {@code t} in {@code [0, pairs)},
     * {@code v0[to + t] = d0 - d1}, {@code v1[to + t] = d1} and {@code v2[to + t] = d2 - d1}; writes
     * nothing else. Reads up to {@code row[from + 2 * roundUp(pairs, lanes) + 1]}.
     */
    void winogradPairInputRow(A row, int from, int pairs, A v0, A v1, A v2, int to);

    /**
     * The Winograd F(2,2) output transform of one phase row: phase column {@code j} (of
     * {@code columns}) of pair {@code t = j / 2} is {@code m0 + m1} for even {@code j} and
     * {@code m1 + m2} for odd, at {@code m_xi[from + t]}, plus {@code bias[biasIndex]} (none when
     * null), stored to {@code y[to + j * step]}.
     */
    void winogradPairOutputRow(A m0, A m1, A m2, int from, int columns, A y, int to, int step, A bias, int biasIndex);

    /**
     * An input row upsampled by repetition: {@code row[to + i] = x[from + floorDiv(first + i, stride)]}
     * for {@code i} in {@code [0, length)}, zero where that column is outside {@code [0, width)};
     * may write up to {@code lanes() - 1} elements past {@code to + length}.
     */
    void upsampleRow(A x, int from, int width, int stride, int first, A row, int to, int length);

    /**
     * One output row of a depthwise layer ({@link DepthwiseEngine}): for each output column
     * {@code ow} in {@code [0, width)}, {@code y[target + ow] = bias[biasIndex] + sum over t < taps,
     * m < shifts of pattern(t, m, ow)[lane] * rows[rowOffset[t] + ow - stride * m]}, where the
     * pattern vector for a vector of columns starting at {@code ow} is at
     * {@code patterns[patternOffset[t] + (m * stride + (ow + residue) % stride) * lanes]}.
     * Summed in that order from zero, vectorized across {@code ow}; writes only {@code [0, width)}.
     */
    void depthwiseOutputRow(A rows, int[] rowOffset, A patterns, int[] patternOffset, int taps, int shifts, int stride,
                            int residue, A y, int target, int width, A bias, int biasIndex);
}
