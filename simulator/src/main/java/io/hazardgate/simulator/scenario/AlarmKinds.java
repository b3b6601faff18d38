package io.hazardgate.simulator.scenario;

import java.util.List;

/** The words of the alarm event contract (docs/protocol.md) that scenarios match on. */
public final class AlarmKinds {
    public static final String THRESHOLD = "threshold";
    public static final String TREND = "trend";
    public static final String NO_DATA = "no_data";
    public static final String FAULT = "fault";
    public static final List<String> ALL = List.of(THRESHOLD, TREND, NO_DATA, FAULT);
    public static final List<String> STATES = List.of("raised", "escalated", "deescalated", "cleared", "acknowledged");
    public static final List<String> COLOURS = List.of("blue", "yellow", "orange", "red");

    private AlarmKinds() {}
}
