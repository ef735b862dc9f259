package dev.convt.verify;

/**
 * Runs the {@link EngineChecks} properties in the test suite: jqwik discovers the inherited
 * property methods. Tries: {@code scripts/test --tries N}; bigger cases: {@code -Dconvt.cases.maxSize=12}.
 */
class EngineProperties extends EngineChecks {
}
