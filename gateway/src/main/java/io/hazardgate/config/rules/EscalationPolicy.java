package io.hazardgate.config.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * When an unacknowledged alarm escalates, by the priority of its hazard source
 * ({@link io.hazardgate.config.site.HazardSource#priority()}: the GB 18218 grade, or a dam's class): the
 * higher the grade, the sooner. Each priority has an {@link EscalationPlan}, whose ladders may differ by
 * colour too. The times are the project's policy, not a standard's; a site sets its own under
 * {@code defaults.escalation}, and a sensor's own {@code escalation} wins over both.
 *
 * @param byPriority plans per priority 1 … 5 that differ from {@code other}
 * @param other      the plan for every other priority
 */
public record EscalationPolicy(Map<Integer, EscalationPlan> byPriority, EscalationPlan other) {
    /** Grade 1 (一级): 5, 10, 15 min; grade 2: 10, 20, 30 min; the rest 15, 30, 45 min. */
    public static final EscalationPolicy DEFAULT = new EscalationPolicy(
            Map.of(1, EscalationPlan.ladder(List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15))),
                    2, EscalationPlan.ladder(List.of(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30)))),
            EscalationPlan.DEFAULT);

    public EscalationPolicy {
        byPriority = Map.copyOf(byPriority);
    }

    /** The same plan whatever the priority. */
    public static EscalationPolicy uniform(EscalationPlan plan) { return new EscalationPolicy(Map.of(), plan); }

    public EscalationPlan forPriority(int priority) { return byPriority.getOrDefault(priority, other); }
}
