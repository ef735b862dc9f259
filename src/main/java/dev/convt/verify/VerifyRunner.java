package dev.convt.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the {@link EngineChecks} properties outside a test run (for {@code convt verify}): through
 * the JUnit Platform launcher and the jqwik engine, with a chosen number of tries, one seed for
 * every property and a {@link CaseSpace}, and sums up what happened.
 */
public final class VerifyRunner {
    private VerifyRunner() {
    }

    /**
     * @param tries tries per property
     * @param seed  the seed every property starts from; the same seed and space give the same cases
     * @param space the cases to draw from
     */
    public record Settings(int tries, long seed, CaseSpace space) {
    }

    /**
     * Called while properties run, from the threads that run them.
     */
    public interface Progress {
        /** {@code checks} cases checked so far out of about {@code expected} (shrinking adds more). */
        void update(long checks, long expected);
    }

    /** Runs {@link EngineChecks}. */
    public static Summary run(Settings settings, Progress progress) {
        return run(EngineChecks.class, settings, progress);
    }

    /** Runs the jqwik properties of {@code propertiesClass} (which may use {@link VerifyHook} and record into the session). */
    public static Summary run(Class<?> propertiesClass, Settings settings, Progress progress) {
        Path database = temporaryDatabase();
        VerifySession session = new VerifySession(Long.toString(settings.seed()), progress);
        RunListener listener = new RunListener(session, settings.tries());
        try (CaseSpace.Scope _ = CaseSpace.use(settings.space()); CaseSpace.Scope _ = session.activate()) {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(propertiesClass))
                    .filters(EngineFilter.includeEngines("jqwik"))
                    .configurationParameter("jqwik.tries.default", Integer.toString(settings.tries()))
                    // failures from earlier runs must not change what this seed means
                    .configurationParameter("jqwik.database", database.toString())
                    .configurationParameter("jqwik.failures.runfirst", "false")
                    // jqwik's reports go to the listener instead of stdout; the summary says it all
                    .configurationParameter("jqwik.reporting.usejunitplatform", "true")
                    .build();
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, listener);
        } finally {
            try {
                Files.deleteIfExists(database);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
        return new Summary(settings, session.outcomes(), session.checks(), session.worstRatio(),
                session.worstCase(), session.coverage.describe());
    }

    private static Path temporaryDatabase() {
        try {
            Path database = Files.createTempFile("convt-verify-", ".jqwik-database");
            Files.delete(database);
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary file for jqwik's database", e);
        }
    }

    /** Counts the properties for the progress total and catches failures that happen outside a property. */
    private static final class RunListener implements TestExecutionListener {
        private final VerifySession session;
        private final int tries;

        RunListener(VerifySession session, int tries) {
            this.session = session;
            this.tries = tries;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan plan) {
            session.expect(plan.countTestIdentifiers(TestIdentifier::isTest) * (long) tries);
        }

        @Override
        public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && !session.hasOutcome(identifier.getDisplayName())) {
                session.recordFailureOutside(identifier.getDisplayName(),
                        result.getThrowable().orElseGet(() -> new AssertionError(result.getStatus().toString())));
            }
        }
    }

    /** What happened to one property in a run. */
    public record PropertyOutcome(String property, boolean passed, int tries, int checks, String seed,
                                  ConvCase shrunkCase, ConvCase originalCase, String message) {
        /** The smallest failing case found: the shrunk one, else the first that failed; {@code null} when none. */
        public ConvCase failingCase() {
            return shrunkCase != null ? shrunkCase : originalCase;
        }
    }

    /**
     * The result of a run.
     *
     * @param outcomes   one per property (and one per failure outside a property)
     * @param checks     cases checked, shrinking included
     * @param worstRatio the largest error against the reference seen, as a multiple of its tolerance
     * @param worstCase  the case where it was seen
     * @param coverage   the parameter ranges and situations covered, one line each
     */
    public record Summary(Settings settings, List<PropertyOutcome> outcomes, long checks, double worstRatio,
                          ConvCase worstCase, List<String> coverage) {

        public boolean passed() {
            return !outcomes.isEmpty() && outcomes.stream().allMatch(PropertyOutcome::passed);
        }

        public Optional<PropertyOutcome> firstFailure() {
            return outcomes.stream().filter(o -> !o.passed()).findFirst();
        }

        /** Tries over all properties (excluding shrinking). */
        public long tries() {
            return outcomes.stream().mapToLong(PropertyOutcome::tries).sum();
        }
    }
}
