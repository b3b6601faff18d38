package io.hazardgate.simulator.scenario;

/**
 * The operator on duty acknowledges the active alarms of {@code tag} through the gateway's HTTP API, at
 * {@code atMillis}. Latched alarms (gas detectors, GB/T 50493) clear only once acknowledged and back
 * to normal; any alarm acknowledged stops escalating to the responsible persons.
 *
 * @param comment recorded with the acknowledgement; empty for none
 */
public record AckIncident(String id, String field, String site, String tag, long atMillis, String comment) implements Incident {
    @Override
    public long endMillis() {
        return atMillis;
    }

    @Override
    public String describe() {
        return "the operator acknowledges the alarms of " + tag + (comment.isEmpty() ? "" : " (\"" + comment + "\")");
    }
}
