package dev.convt.reference;

import dev.convt.Axis;
import dev.convt.ConvTransposeProblem;

/**
 * The second oracle, independent of the first: every input pixel, times every kernel tap, adds
 * into the one output pixel that tap lands on ({@link Axis#outputOf}); float64.
 */
public final class DirectScatterReference {
    private DirectScatterReference() {
    }

    public static double[] forward(ConvTransposeProblem p, double[] x, double[] w, double[] bias) {
        Axis ah = p.height();
        Axis aw = p.width();
        int cinPerGroup = p.inChannelsPerGroup();
        int coutPerGroup = p.outChannelsPerGroup();
        int outPlane = ah.output() * aw.output();
        double[] y = new double[p.batch() * p.outChannels() * outPlane];
        for (int n = 0; n < p.batch(); n++) {
            for (int co = 0; co < p.outChannels(); co++) {
                double b = bias == null ? 0 : bias[co];
                int base = (n * p.outChannels() + co) * outPlane;
                for (int i = 0; i < outPlane; i++) {
                    y[base + i] = b;
                }
            }
            for (int ci = 0; ci < p.inChannels(); ci++) {
                int group = ci / cinPerGroup;
                for (int ih = 0; ih < ah.input(); ih++) {
                    for (int iw = 0; iw < aw.input(); iw++) {
                        double v = x[((n * p.inChannels() + ci) * ah.input() + ih) * aw.input() + iw];
                        for (int cog = 0; cog < coutPerGroup; cog++) {
                            int co = group * coutPerGroup + cog;
                            for (int kh = 0; kh < ah.kernel(); kh++) {
                                int oh = ah.outputOf(ih, kh);
                                if (oh < 0 || oh >= ah.output()) {
                                    continue;
                                }
                                for (int kw = 0; kw < aw.kernel(); kw++) {
                                    int ow = aw.outputOf(iw, kw);
                                    if (ow < 0 || ow >= aw.output()) {
                                        continue;
                                    }
                                    double tap = w[((ci * coutPerGroup + cog) * ah.kernel() + kh) * aw.kernel() + kw];
                                    y[((n * p.outChannels() + co) * ah.output() + oh) * aw.output() + ow] += v * tap;
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }
}
