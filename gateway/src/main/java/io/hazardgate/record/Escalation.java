package io.hazardgate.record;

/**
 * Escalation of an unacknowledged alarm to the hazard source's responsible persons (包保责任人).
 *
 * @param step   1 principal, 2 technical, 3 operational
 * @param role   {@code principal}, {@code technical} or {@code operational}
 * @param person the person's name from the hazard source's configuration ("" when none is configured)
 */
public record Escalation(int step, String role, String person) {
    public static final String[] ROLES = {"principal", "technical", "operational"};
}
