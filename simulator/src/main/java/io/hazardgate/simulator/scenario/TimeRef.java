package io.hazardgate.simulator.scenario;

/**
 * A moment of a scenario, written as a plant time ({@code 6m}) or an incident's id (its start).
 *
 * @param label    as written, for messages
 * @param offsetMillis plant time from the scenario's start
 */
public record TimeRef(String label, long offsetMillis) {}
