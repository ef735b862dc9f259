package dev.convt.verify;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Connects the properties to a {@link VerifyRunner} run: gives every property the run's seed
 * and hands each property's result (tries, shrunk sample, seed) to the session. Does nothing
 * outside a run, so the test suite keeps jqwik's own seeds and reporting.
 */
public final class VerifyHook implements AroundPropertyHook {

    /** Registered on the properties class, it must reach the property methods inside. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        VerifySession session = VerifySession.active();
        if (session == null) {
            return property.execute();
        }
        context.attributes().setSeed(session.seed);
        PropertyExecutionResult result = property.execute();
        session.recordOutcome(context.targetMethod().getName(), result);
        return result;
    }
}
