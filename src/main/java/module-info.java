/**
 * convt: 2-D transposed convolution (PyTorch {@code ConvTranspose2d}, ONNX {@code ConvTranspose})
 * on the CPU, vectorized with the Java Vector API.
 *
 * <p>Start at {@link dev.convt.ConvTranspose2d}. The library needs nothing beyond the JDK; the
 * command-line tool in {@code dev.convt.cli} uses picocli and XChart, and {@code dev.convt.verify}
 * (the case generators and engine properties behind {@code convt verify}) uses jqwik and the JUnit
 * Platform launcher, and {@code dev.convt.bench} reads suites with Gson (and asks java.management
 * whether the JIT is still compiling); all of them are optional.
 */
module dev.convt {
    requires jdk.incubator.vector;
    requires static info.picocli;
    requires static org.knowm.xchart;
    requires static java.desktop;
    requires static net.jqwik.api;
    requires static org.junit.platform.launcher;
    requires static com.google.gson;
    requires static java.management;

    exports dev.convt;
    exports dev.convt.reference;
    exports dev.convt.io;
    exports dev.convt.verify;

    opens dev.convt.cli to info.picocli;
    // jqwik instantiates the property classes and hooks and calls their methods reflectively
    opens dev.convt.verify to net.jqwik.engine, org.junit.platform.commons;
}
