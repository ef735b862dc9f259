/**
 * convt: 2-D transposed convolution (PyTorch {@code ConvTranspose2d}, ONNX {@code ConvTranspose})
 * on the CPU, vectorized with the Java Vector API.
 *
 * <p>Start at {@link dev.convt.ConvTranspose2d}. The library needs nothing beyond the JDK; the
 * command-line tool in {@code dev.convt.cli} uses picocli and XChart, which are optional.
 */
module dev.convt {
    requires jdk.incubator.vector;
    requires static info.picocli;
    requires static org.knowm.xchart;
    requires static java.desktop;
    requires static com.google.gson;

    exports dev.convt;
    exports dev.convt.reference;

    opens dev.convt.cli to info.picocli;
}
