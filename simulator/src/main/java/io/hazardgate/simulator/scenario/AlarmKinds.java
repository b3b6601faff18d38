package io.hazardgate.simulator.scenario;

import java.util.List;

/** The words of the alarm event contract (docs/protocol.md) that scenarios match on. */
public final class AlarmKinds {
    public static final String THRESHOLD = "threshold";
    public static final String TREND = "trend";
    public static final String NO_DATA = "no_data";
    public static final String FAULT = "fault";
    public static final List<String> ALL = List.of(THRESHOLD, TREND, NO_DATA, FAULT);

    public static final String RAISED = "raised";
    public static final String CLEARED = "cleared";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String ACK_OVERDUE = "ack_overdue";
    public static final String FLAPPING = "flapping";
    public static final String SETTLED = "settled";
    public static final List<String> STATES = List.of(RAISED, "escalated", "deescalated", CLEARED, ACKNOWLEDGED, ACK_OVERDUE, FLAPPING, SETTLED);
    /** The states the gateway counts toward flapping (docs/alarms.md, "Flapping"). */
    public static final List<String> TRANSITIONS = List.of(RAISED, "escalated", "deescalated", CLEARED);
    /**
     * States that say something about an alarm's handling, not about its condition: who acknowledged it,
     * whom it was escalated to for want of an acknowledgement, whether it is held for flapping. The
     * verifier treats them apart (docs/simulator.md, "How verification judges").
     */
    public static final List<String> LIFECYCLE = List.of(ACKNOWLEDGED, ACK_OVERDUE, FLAPPING, SETTLED);
    public static final List<String> COLOURS = List.of("blue", "yellow", "orange", "red");

    /** The limit name of a no_data alarm raised by a logger's will rather than by silence. */
    public static final String OFFLINE = "offline";

    private AlarmKinds() {}
}
