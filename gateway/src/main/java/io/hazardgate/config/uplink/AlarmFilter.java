package io.hazardgate.config.uplink;

import java.util.Set;

/**
 * Which alarm transitions an uplink sends, by their wire names ({@code raised}, {@code cleared}, …; and
 * {@code threshold}, {@code trend}, {@code no_data}, {@code fault}).
 */
public record AlarmFilter(Set<String> states, Set<String> kinds) {
    public static final Set<String> DEFAULT_STATES = Set.of("raised", "escalated", "deescalated", "cleared");
    public static final Set<String> DEFAULT_KINDS = Set.of("threshold", "trend", "no_data", "fault");
    public static final AlarmFilter DEFAULTS = new AlarmFilter(DEFAULT_STATES, DEFAULT_KINDS);

    public AlarmFilter {
        states = Set.copyOf(states);
        kinds = Set.copyOf(kinds);
    }

    public boolean sends(String state, String kind) { return states.contains(state) && kinds.contains(kind); }
}
