package io.hazardgate.store.writer;

/** The unit of the timestamps in a write request, as line protocol's {@code precision} parameter names it. */
public enum Precision {
    /** Readings: their own timestamps, in milliseconds. */
    MS("ms"),
    /** Alarm events and deliveries: nanoseconds, so that events of one millisecond stay apart. */
    NS("ns");

    private final String parameter;

    Precision(String parameter) { this.parameter = parameter; }

    /** The value of the {@code precision} query parameter. */
    public String parameter() { return parameter; }
}
