package io.hazardgate.config.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When an unacknowledged alarm escalates, and to whom, per warning colour: a red alarm need not wait as
 * long as a blue one. Each colour has a ladder of steps, times after the raise; each step names the role
 * whose person is told next. The roles are the hazard source's responsible persons (包保责任人:
 * principal, technical, operational) and the {@code supervisor} above them (the 库长 of a tailings dam,
 * the supervising official of a hazard source).
 *
 * @param byLevel the steps for each level: [0] grey (faults, no-data), [1] blue .. [4] red; ascending times
 */
public record EscalationPlan(List<List<Step>> byLevel) {
    public static final String PRINCIPAL = "principal";
    public static final String TECHNICAL = "technical";
    public static final String OPERATIONAL = "operational";
    public static final String SUPERVISOR = "supervisor";
    /** The roles in their default order: a plain list of times names them in turn. */
    public static final List<String> ROLES = List.of(PRINCIPAL, TECHNICAL, OPERATIONAL, SUPERVISOR);
    /** Colour keys of the per-colour form, by level. */
    public static final List<String> COLOURS = List.of("grey", "blue", "yellow", "orange", "red");

    /** One step: {@code after} the raise, the person of {@code role} is named. */
    public record Step(Duration after, String role) {}

    public static final EscalationPlan OFF = uniform(List.of());

    /** Times naming the roles in their default order, the same for every colour. */
    public static EscalationPlan ladder(List<Duration> times) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) steps.add(new Step(times.get(i), ROLES.get(i)));
        return uniform(steps);
    }

    /** 15, 30 and 45 minutes to the principal, technical and operational person, for every colour. */
    public static final EscalationPlan DEFAULT = ladder(List.of(Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofMinutes(45)));

    public EscalationPlan {
        if (byLevel.size() != COLOURS.size()) throw new IllegalArgumentException("one ladder per level 0..4");
        List<List<Step>> copy = new ArrayList<>();
        for (List<Step> l : byLevel) copy.add(List.copyOf(l));
        byLevel = List.copyOf(copy);
    }

    /** The same ladder for every colour. */
    public static EscalationPlan uniform(List<Step> steps) {
        List<List<Step>> all = new ArrayList<>();
        for (int i = 0; i < COLOURS.size(); i++) all.add(steps);
        return new EscalationPlan(all);
    }

    /** The ladder of an alarm at {@code level} (0 for faults and no-data, 1 blue .. 4 red). */
    public List<Step> steps(int level) { return byLevel.get(level); }

    /** Whether no colour escalates at all. */
    public boolean isEmpty() { return byLevel.stream().allMatch(List::isEmpty); }
}
