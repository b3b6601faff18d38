package io.hazardgate.config.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * When an unacknowledged alarm escalates to the responsible persons, by the priority of its hazard source
 * ({@link HazardSource#priority()}: the GB 18218 grade, or a dam's class): the higher the grade, the
 * sooner. The times are the project's policy, not a standard's; a site sets its own under
 * {@code defaults.escalation}, and a sensor's own {@code escalation} wins over both.
 *
 * @param byPriority times per priority 1 … 5 that differ from {@code other}
 * @param other      times for every other priority
 */
public record EscalationPolicy(Map<Integer, List<Duration>> byPriority, List<Duration> other) {
    /** Grade 1 (一级): 5, 10, 15 min; grade 2: 10, 20, 30 min; the rest 15, 30, 45 min. */
    public static final EscalationPolicy DEFAULT = new EscalationPolicy(
            Map.of(1, List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15)),
                    2, List.of(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30))),
            AlarmRules.DEFAULT_ESCALATION);

    public EscalationPolicy {
        byPriority = Map.copyOf(byPriority);
        other = List.copyOf(other);
    }

    /** The same times whatever the priority. */
    public static EscalationPolicy uniform(List<Duration> steps) { return new EscalationPolicy(Map.of(), steps); }

    public List<Duration> forPriority(int priority) { return byPriority.getOrDefault(priority, other); }
}
