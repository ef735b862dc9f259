package dev.convt.cli;

import dev.convt.ConvTransposePlan;
import dev.convt.ConvTransposeProblem;
import dev.convt.DType;
import dev.convt.InvalidParameterException;
import dev.convt.PlanOptions;
import dev.convt.Tensor;
import dev.convt.cli.DcganGenerator.Layer;
import dev.convt.reference.ZeroInterpolationReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convt demo}: the DCGAN generator on the engine, checked and timed against the reference, and two pictures. */
@Command(name = "demo",
        header = "Run the DCGAN generator on the engine: timings, a check against the reference, two pictures.",
        description = {
            "Runs the generator of DCGAN (Radford et al. 2015) on a seeded batch of noise with seeded, untrained "
                    + "weights N(0, 0.02): five transposed convolutions, 100 -> 4x4x1024 -> 8x8x512 -> 16x16x256 -> "
                    + "32x32x128 -> 64x64x3, batch norm and ReLU between them, tanh at the end.",
            "Prints per layer the shapes, GFLOP, the engine's time and GFLOP/s, its speed-up over the reference "
                    + "implementation and the largest difference from it.",
            "Writes two pictures to --out: " + DemoCommand.SAMPLES_FILE + ", the generated images, and "
                    + DemoCommand.OVERLAP_FILE + ", which shows why DCGAN upsamples with kernel 4 and stride 2.",
            ""})
final class DemoCommand extends ConvtCommand {
    static final String SAMPLES_FILE = "dcgan-samples.png";
    static final String OVERLAP_FILE = "checkerboard-overlap.png";
    private static final int TIMED_RUNS = 3;
    private static final int LARGEST_BATCH = 1024;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64", description = "Images per batch, 1 to 1024. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed for the weights and the noise. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Folder for the pictures, created if missing. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Threads, the calling one included. Default: the number of processors.")
    Integer threads;

    /** One layer's measurements. */
    private record Row(Layer layer, ConvTransposeProblem problem, double engineSeconds, double referenceSecondsPerImage, double maxError) {
    }

    @Override
    int execute() throws Exception {
        if (batch < 1 || batch > LARGEST_BATCH) {
            throw new InvalidParameterException("--batch", batch, "must be from 1 to " + LARGEST_BATCH);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        PlanOptions options = PlanOptions.defaults().withThreads(workers);
        Files.createDirectories(out);

        DcganGenerator generator = new DcganGenerator(seed);
        Tensor activations = generator.noise(batch);
        List<ConvTransposePlan> plans = new ArrayList<>();
        int[] shape = activations.shape();
        for (Layer layer : generator.layers()) {
            ConvTransposePlan plan = layer.convolution().plan(shape, layer.weight(), null, options);
            plans.add(plan);
            shape = plan.outputShape();
        }

        printHeader(workers);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Layer layer = generator.layers().get(i);
            ConvTransposePlan plan = plans.get(i);
            Tensor output = Tensor.zeros(DType.FLOAT32, plan.outputShape());
            plan.execute(activations, output);
            long fastest = Long.MAX_VALUE;
            for (int run = 0; run < TIMED_RUNS; run++) {
                long start = System.nanoTime();
                plan.execute(activations, output);
                fastest = Math.min(fastest, System.nanoTime() - start);
            }
            Row row = checkFirstImage(layer, plan.problem(), activations, output, fastest / 1e9);
            rows.add(row);
            printRow(row);
            generator.activate(layer, output);
            activations = output;
        }
        printTotal(rows);
        plans.forEach(ConvTransposePlan::close);

        Path samples = out.resolve(SAMPLES_FILE);
        Drawing.writePng(SamplePicture.draw(activations, "DCGAN generator output, computed by convt",
                batch + " images, 64\u00d764, from seeded noise (seed " + seed + ") through untrained weights N(0, 0.02): "
                        + "what the network computes before any training"), samples);
        Path overlap = out.resolve(OVERLAP_FILE);
        Drawing.writePng(OverlapPicture.draw(OverlapMap.checkerboardComparison()), overlap);
        out().println();
        out().println("wrote " + samples);
        out().println("wrote " + overlap);
        return 0;
    }

    /** Runs the reference on image 0 of the batch: its time and the engine's largest difference from it. */
    private Row checkFirstImage(Layer layer, ConvTransposeProblem problem, Tensor input, Tensor output, double engineSeconds) {
        int[] in = problem.inputShape();
        ConvTransposeProblem single = layer.convolution().resolve(1, in[1], in[2], in[3]);
        double[] firstImage = new double[in[1] * in[2] * in[3]];
        for (int i = 0; i < firstImage.length; i++) {
            firstImage[i] = input.floats()[i];
        }
        double[] weight = layer.weight().toDoubleArray();
        long start = System.nanoTime();
        double[] expected = ZeroInterpolationReference.forward(single, firstImage, weight, null);
        double referenceSeconds = (System.nanoTime() - start) / 1e9;
        double maxError = 0;
        for (int i = 0; i < expected.length; i++) {
            maxError = Math.max(maxError, Math.abs(output.floats()[i] - expected[i]));
        }
        return new Row(layer, problem, engineSeconds, referenceSeconds, maxError);
    }

    private void printHeader(int workers) {
        out().printf(Locale.ROOT, "DCGAN generator (Radford et al. 2015), untrained weights N(0, 0.02), seed %d%n", seed);
        out().printf(Locale.ROOT, "batch %d, float32, %d thread(s); engine ms: fastest of %d runs after a warm-up run, plans made beforehand%n",
                batch, workers, TIMED_RUNS);
        out().println("speed-up and max |error|: against the reference (ZeroInterpolationReference, float64) run on image 0");
        out().println("only; its time x " + batch + " is compared with the engine's time for the whole batch");
        out().println();
        out().printf(Locale.ROOT, "%-6s%-28s%9s%12s%10s%11s%13s%n", "layer", "input -> output (C x H x W)", "GFLOP", "engine ms",
                "GFLOP/s", "speed-up", "max |error|");
    }

    private void printRow(Row row) {
        int[] in = row.problem().inputShape();
        int[] outShape = row.problem().outputShape();
        String shapes = chw(in) + " -> " + chw(outShape);
        double gflop = row.problem().flops() / 1e9;
        out().printf(Locale.ROOT, "%-6d%-28s%9.2f%12.1f%10.1f%10.0fx%13.1e%n", row.layer().number(), shapes, gflop,
                row.engineSeconds() * 1e3, gflop / row.engineSeconds(), speedUp(row.referenceSecondsPerImage(), row.engineSeconds()),
                row.maxError());
        out().flush();
    }

    private void printTotal(List<Row> rows) {
        double gflop = 0;
        double engine = 0;
        double reference = 0;
        double worst = 0;
        for (Row row : rows) {
            gflop += row.problem().flops() / 1e9;
            engine += row.engineSeconds();
            reference += row.referenceSecondsPerImage();
            worst = Math.max(worst, row.maxError());
        }
        out().printf(Locale.ROOT, "%-6s%-28s%9.2f%12.1f%10.1f%10.0fx%13.1e%n", "all", "", gflop, engine * 1e3, gflop / engine,
                speedUp(reference, engine), worst);
    }

    private double speedUp(double referenceSecondsPerImage, double engineSeconds) {
        return referenceSecondsPerImage * batch / engineSeconds;
    }

    private static String chw(int[] nchw) {
        return nchw[1] + "x" + nchw[2] + "x" + nchw[3];
    }
}
