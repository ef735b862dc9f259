package dev.convt.verify;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A stand-in for a broken engine, run only through {@link VerifyRunner} by the tests of the
 * failure path: it "fails" whenever a case has 3 or more output channels per group and a
 * horizontal stride of 2 or more, so the smallest failing case is known exactly.
 * (Its name keeps surefire from running it directly.)
 */
@AddLifecycleHook(VerifyHook.class)
public class DeliberatelyFailingChecks {

    @Provide
    Arbitrary<ConvCase> cases() {
        return ConvCases.cases();
    }

    @Property
    void failsOnWideStridedCases(@ForAll("cases") ConvCase c) {
        VerifySession.recordCase(c);
        if (c.outChannels() / c.groups() >= 3 && c.strideW() >= 2) {
            throw new AssertionError("pretend mismatch at " + c);
        }
    }

    @Property
    void alwaysHolds(@ForAll("cases") ConvCase c) {
        VerifySession.recordCase(c);
    }
}
