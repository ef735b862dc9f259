import ai.onnxruntime.*;
import java.nio.FloatBuffer;
import java.nio.file.*;
import java.util.*;

/**
 * Times ONNX Runtime (CPU) on one-node ConvTranspose models (written by scripts/ort-bench): per
 * model, warm-up, then single runs for at least the given time and 5 runs; prints and writes the
 * median ms as [{name, median_ms}], the format of convt bench --json.
 *   java -cp onnxruntime.jar:. OrtBench THREADS MODEL_DIR MIN_SECONDS OUT.json
 */
public class OrtBench {
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        double minTime = Double.parseDouble(args[2]);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        StringBuilder json = new StringBuilder("[");
        List<Path> models = new ArrayList<>();
        try (var dir = Files.newDirectoryStream(Path.of(args[1]), "*.onnx")) { dir.forEach(models::add); }
        Collections.sort(models);
        for (Path model : models) {
            String name = model.getFileName().toString().replace(".onnx", "");
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                long[] shape = ((TensorInfo) session.getInputInfo().get("x").getInfo()).getShape();
                int count = 1;
                for (long d : shape) count *= (int) d;
                float[] data = new float[count];
                Random random = new Random(1);
                for (int i = 0; i < count; i++) data[i] = random.nextFloat() - 0.5f;
                try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
                    Map<String, OnnxTensor> inputs = Map.of("x", x);
                    long warm = System.nanoTime();
                    int n = 0;
                    while (n < 3 || System.nanoTime() - warm < 0.3e9) { try (OrtSession.Result r = session.run(inputs)) { } n++; }
                    List<Double> times = new ArrayList<>();
                    long start = System.nanoTime();
                    while (times.size() < 5 || System.nanoTime() - start < minTime * 1e9) {
                        long t0 = System.nanoTime();
                        try (OrtSession.Result r = session.run(inputs)) { }
                        times.add((System.nanoTime() - t0) / 1e6);
                    }
                    Collections.sort(times);
                    double median = times.get(times.size() / 2);
                    System.out.printf("%-30s %9.3f ms  (n=%d)%n", name, median, times.size());
                    json.append(json.length() > 1 ? "," : "").append(String.format("{\"name\":\"%s\",\"median_ms\":%.6f}", name, median));
                }
            }
        }
        Files.writeString(Path.of(args[3]), json.append("]").toString());
    }
}
