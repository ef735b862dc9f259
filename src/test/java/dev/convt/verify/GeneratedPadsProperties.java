package dev.convt.verify;

import dev.convt.AutoPad;
import dev.convt.ConvTranspose2d;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The engine on pads that ONNX generates rather than the user gives: auto_pad SAME_UPPER and
 * SAME_LOWER, and output_shape up to a few rows and columns beyond the natural output, where the
 * generated pads turn negative (rows that only the bias reaches). The explicit-pad cases of
 * {@link EngineChecks} cannot express negative pads, and `convt run` cannot reproduce them, so
 * these properties live with the tests only.
 */
class GeneratedPadsProperties {

    @Provide
    Arbitrary<ConvCase> cases() {
        return ConvCases.cases();
    }

    @Property
    void autoPadMatchesTheReference(@ForAll("cases") ConvCase c, @ForAll boolean upper) {
        ConvTranspose2d conv = c.withoutPads().autoPad(upper ? AutoPad.SAME_UPPER : AutoPad.SAME_LOWER).build();
        EngineChecks.assertEveryPathMatchesTheReference(conv, c);
    }

    @Property
    void outputShapeBeyondTheNaturalSizeMatchesTheReference(@ForAll("cases") ConvCase c,
                                                            @ForAll @IntRange(max = 3) int extraRows,
                                                            @ForAll @IntRange(max = 3) int extraColumns) {
        ConvTranspose2d conv = c.withoutPads().outputShape(c.outputH() + extraRows, c.outputW() + extraColumns).build();
        EngineChecks.assertEveryPathMatchesTheReference(conv, c);
    }
}
