package dev.convt.verify;

import dev.convt.verify.VerifyRunner.PropertyOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.lifecycle.PropertyExecutionResult;

/**
 * The state of one {@link VerifyRunner} run, reachable from the property methods jqwik calls
 * (which take no arguments from their caller): the seed to use, what was covered, the worst
 * error, each property's outcome. Outside a run there is no session and recording does nothing,
 * so the same property code serves the test suite.
 */
final class VerifySession {
    private static volatile VerifySession active;

    final String seed;
    final Coverage coverage = new Coverage();
    private final VerifyRunner.Progress progress;
    private final AtomicLong checks = new AtomicLong();
    private volatile long expectedChecks;
    private final List<PropertyOutcome> outcomes = new ArrayList<>();
    private double worstRatio;
    private ConvCase worstCase;

    VerifySession(String seed, VerifyRunner.Progress progress) {
        this.seed = seed;
        this.progress = progress;
    }

    static VerifySession active() {
        return active;
    }

    /** Makes this the active session until the handle is closed. */
    CaseSpace.Scope activate() {
        active = this;
        return () -> active = null;
    }

    /** Sets how many checks the run should take (tries times properties) and reports progress 0. */
    void expect(long checks) {
        expectedChecks = checks;
        progress.update(0, checks);
    }

    /** A case a property checked (generated or tried while shrinking). */
    static void recordCase(ConvCase c) {
        VerifySession session = active;
        if (session != null) {
            session.coverage.record(c);
            session.progress.update(session.checks.incrementAndGet(), session.expectedChecks);
        }
    }

    /** The worst error of a case, as a multiple of its tolerance. */
    static void recordError(ConvCase c, double ratio) {
        VerifySession session = active;
        if (session != null) {
            synchronized (session) {
                if (session.worstCase == null || ratio > session.worstRatio) {
                    session.worstRatio = ratio;
                    session.worstCase = c;
                }
            }
        }
    }

    synchronized void recordOutcome(String property, PropertyExecutionResult result) {
        boolean passed = result.status() == PropertyExecutionResult.Status.SUCCESSFUL;
        ConvCase shrunk = result.shrunkSample().map(s -> firstCase(s.parameters())).orElse(null);
        ConvCase original = result.originalSample().map(s -> firstCase(s.parameters())).orElse(null);
        String message = result.throwable().map(VerifySession::firstLine).orElse(passed ? "" : result.status().toString());
        outcomes.add(new PropertyOutcome(property, passed, result.countTries(), result.countChecks(),
                result.seed().orElse(seed), shrunk, original, message));
    }

    synchronized boolean hasOutcome(String property) {
        return outcomes.stream().anyMatch(o -> o.property().equals(property));
    }

    synchronized void recordFailureOutside(String what, Throwable error) {
        outcomes.add(new PropertyOutcome(what, false, 0, 0, seed, null, null, firstLine(error)));
    }

    synchronized List<PropertyOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    synchronized double worstRatio() {
        return worstRatio;
    }

    synchronized ConvCase worstCase() {
        return worstCase;
    }

    long checks() {
        return checks.get();
    }

    private static ConvCase firstCase(List<Object> parameters) {
        return parameters.stream().filter(ConvCase.class::isInstance).map(ConvCase.class::cast).findFirst().orElse(null);
    }

    private static String firstLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
