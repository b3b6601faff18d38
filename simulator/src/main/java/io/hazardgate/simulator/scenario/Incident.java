package io.hazardgate.simulator.scenario;

/**
 * Something that happens to the plant during a scenario, from {@link #atMillis()} (plant time from the
 * scenario's start) to {@link #endMillis()} (exclusive): a point behaving abnormally, a logger's link
 * going down, a logger sending garbage, or the operator acknowledging alarms.
 */
public sealed interface Incident permits PointIncident, OfflineIncident, GarbageIncident, AckIncident {
    /** The id expectations refer to it by, or {@code null}. */
    String id();

    /** Where it is in the file, e.g. {@code incidents[3]}. */
    String field();

    String site();

    long atMillis();

    long endMillis();

    /** One line for people: {@code GT-101 ramp to 60 for 4m}. */
    String describe();
}
