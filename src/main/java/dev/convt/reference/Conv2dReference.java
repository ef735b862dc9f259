package dev.convt.reference;

import dev.convt.Axis;
import dev.convt.ConvTransposeProblem;

/**
 * An ordinary 2-D convolution (cross-correlation) with the same parameters as a transposed one,
 * mapping an output-shaped tensor (N, Cout, Ho, Wo) back to an input-shaped one (N, Cin, H, W).
 * Without bias it is the adjoint of the transposed convolution:
 * {@code <convT(x), y> == <x, conv(y)>}. float64, written plainly.
 */
public final class Conv2dReference {
    private Conv2dReference() {
    }

    /** {@code floor((size + padBegin + padEnd - dilation*(kernel-1) - 1) / stride) + 1}. */
    public static long outputSize(long size, long kernel, long stride, long dilation, long padBegin, long padEnd) {
        return Math.floorDiv(size + padBegin + padEnd - dilation * (kernel - 1) - 1, stride) + 1;
    }

    /** Convolves {@code y} (N, Cout, Ho, Wo) with {@code w} (Cin, Cout/G, kh, kw); returns (N, Cin, H, W). */
    public static double[] forward(ConvTransposeProblem p, double[] y, double[] w) {
        Axis ah = p.height();
        Axis aw = p.width();
        int cinPerGroup = p.inChannelsPerGroup();
        int coutPerGroup = p.outChannelsPerGroup();
        double[] x = new double[p.batch() * p.inChannels() * ah.input() * aw.input()];
        for (int n = 0; n < p.batch(); n++) {
            for (int ci = 0; ci < p.inChannels(); ci++) {
                int group = ci / cinPerGroup;
                for (int ih = 0; ih < ah.input(); ih++) {
                    for (int iw = 0; iw < aw.input(); iw++) {
                        double sum = 0;
                        for (int cog = 0; cog < coutPerGroup; cog++) {
                            int co = group * coutPerGroup + cog;
                            for (int kh = 0; kh < ah.kernel(); kh++) {
                                int oh = ih * ah.stride() - ah.padBegin() + kh * ah.dilation();
                                for (int kw = 0; kw < aw.kernel(); kw++) {
                                    int ow = iw * aw.stride() - aw.padBegin() + kw * aw.dilation();
                                    if (oh >= 0 && oh < ah.output() && ow >= 0 && ow < aw.output()) {
                                        sum += y[((n * p.outChannels() + co) * ah.output() + oh) * aw.output() + ow]
                                                * w[((ci * coutPerGroup + cog) * ah.kernel() + kh) * aw.kernel() + kw];
                                    }
                                }
                            }
                        }
                        x[((n * p.inChannels() + ci) * ah.input() + ih) * aw.input() + iw] = sum;
                    }
                }
            }
        }
        return x;
    }
}
