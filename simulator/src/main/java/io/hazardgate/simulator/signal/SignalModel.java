package io.hazardgate.simulator.signal;

/**
 * The normal behaviour of one monitoring point. Models may keep state (a rain gauge's 24 h window), so
 * they are asked for values at non-decreasing plant times; the same seed and the same sampling times
 * always give the same values.
 */
@FunctionalInterface
public interface SignalModel {
    double valueAt(long plantMillis);
}
