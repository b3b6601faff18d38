package io.hazardgate.record;

/**
 * Escalation of an unacknowledged alarm along its colour's ladder (config {@code escalation}) to the
 * hazard source's responsible persons (包保责任人) and their supervisor.
 *
 * @param step   1 for the first step of the ladder, 2 for the next, ...
 * @param role   {@code principal}, {@code technical}, {@code operational} or {@code supervisor}
 * @param person the person's name from the hazard source's configuration ("" when none is configured)
 */
public record Escalation(int step, String role, String person) {}
