package dev.convt.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How every benchmark here runs (JMH applies a superclass's annotations to its subclasses): time
 * per call in ms, two forks, each with two warm-up and three measured iterations of one second.
 * Short on purpose, so that the whole suite (17 shapes x 2 thread counts x 2 forks, plus the
 * references) finishes in about eight minutes; the kernels are compiled well within the warm-up,
 * and two forks show JIT-to-JIT variation. Longer runs: JMH's -f, -wi, -i, -w and -r options.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public abstract class RunLengths {
}
