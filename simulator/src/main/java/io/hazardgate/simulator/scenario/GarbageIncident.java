package io.hazardgate.simulator.scenario;

/**
 * One message that is not valid telemetry, sent by a logger with its first message at or after
 * {@code atMillis}. The gateway must refuse it (or, for an unknown tag, store it and warn) and say why on
 * {@code plant/{site}/{device}/errors}; the logger carries on.
 *
 * @param raw the payload as given in the file, or {@code null} for one made from {@code kind}
 */
public record GarbageIncident(String id, String field, String site, String device, long atMillis, GarbageKind kind, String raw)
        implements Incident {
    @Override
    public long endMillis() {
        return atMillis;
    }

    @Override
    public String describe() {
        return device + " sends garbage: " + (raw != null ? "raw payload" : kind.wireName());
    }
}
