package dev.convt.cli;

import dev.convt.ConvTranspose2d;
import dev.convt.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The generator of DCGAN (Radford, Metz and Chintala, "Unsupervised Representation Learning with
 * Deep Convolutional Generative Adversarial Networks", 2015) with seeded, untrained weights drawn
 * from N(0, 0.02) as the paper initialises them: noise 100 -> 4x4x1024 (kernel 4, stride 1,
 * padding 0), then kernel 4, stride 2, padding 1 up to 8x8x512, 16x16x256, 32x32x128 and 64x64x3.
 * Between layers batch normalization (batch statistics, no learned scale or shift) and ReLU, as in
 * the paper; tanh at the end, so that pixels lie in [-1, 1].
 */
final class DcganGenerator {
    static final int NOISE = 100;
    private static final int[] CHANNELS = {NOISE, 1024, 512, 256, 128, 3};
    private static final int KERNEL = 4;
    private static final double WEIGHT_STD = 0.02;
    private static final float BATCH_NORM_EPSILON = 1e-5f;

    /** One transposed-convolution layer and its weights, float32, (C_in, C_out, 4, 4). */
    record Layer(int number, ConvTranspose2d convolution, Tensor weight) {
    }

    private final List<Layer> layers = new ArrayList<>();
    private final Random random;

    /** Draws the weights of every layer, then noise on request, all from one seeded generator. */
    DcganGenerator(long seed) {
        random = new Random(seed);
        for (int i = 0; i + 1 < CHANNELS.length; i++) {
            int in = CHANNELS[i];
            int out = CHANNELS[i + 1];
            ConvTranspose2d.Builder builder = ConvTranspose2d.builder(in, out, KERNEL).bias(false);
            if (i > 0) {
                builder.stride(2).padding(1);
            }
            float[] weight = new float[in * out * KERNEL * KERNEL];
            for (int j = 0; j < weight.length; j++) {
                weight[j] = (float) (random.nextGaussian() * WEIGHT_STD);
            }
            layers.add(new Layer(i + 1, builder.build(), Tensor.of(weight, in, out, KERNEL, KERNEL)));
        }
    }

    List<Layer> layers() {
        return layers;
    }

    /** A batch of N(0, 1) noise vectors, shape (batch, 100, 1, 1). */
    Tensor noise(int batch) {
        float[] z = new float[batch * NOISE];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return Tensor.of(z, batch, NOISE, 1, 1);
    }

    /** What follows {@code layer}'s convolution, in place: batch norm and ReLU, or tanh after the last. */
    void activate(Layer layer, Tensor output) {
        float[] values = output.floats();
        if (layer.number() == layers.size()) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) Math.tanh(values[i]);
            }
            return;
        }
        int batch = output.dim(0);
        int channels = output.dim(1);
        int plane = output.dim(2) * output.dim(3);
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double squares = 0;
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    sum += values[i];
                    squares += (double) values[i] * values[i];
                }
            }
            double count = (double) batch * plane;
            double mean = sum / count;
            double scale = 1 / Math.sqrt(Math.max(0, squares / count - mean * mean) + BATCH_NORM_EPSILON);
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    values[i] = (float) Math.max(0, (values[i] - mean) * scale);
                }
            }
        }
    }
}
