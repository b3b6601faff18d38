package io.hazardgate.record;

/**
 * Lifecycle transitions an alarm event reports. {@link #RAISED} starts an occurrence and
 * {@link #CLEARED} ends it; everything in between keeps it active:
 * <ul>
 *   <li>{@link #ESCALATED} / {@link #DEESCALATED}: its level went up or down;</li>
 *   <li>{@link #ACKNOWLEDGED}: an operator acknowledged it (independent of clearing);</li>
 *   <li>{@link #FLAPPING}: it changed state too often and is now held active;</li>
 *   <li>{@link #SETTLED}: it stopped flapping and is still active;</li>
 *   <li>{@link #ACK_OVERDUE}: nobody acknowledged it in time; the event names the next responsible person.</li>
 * </ul>
 */
public enum AlarmState {
    RAISED, ESCALATED, DEESCALATED, CLEARED, ACKNOWLEDGED, FLAPPING, SETTLED, ACK_OVERDUE;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static AlarmState fromWireName(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
