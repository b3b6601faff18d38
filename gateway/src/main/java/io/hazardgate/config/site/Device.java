package io.hazardgate.config.site;

/** A data logger (DTU/RTU) of a site; it publishes on {@code plant/{site}/{id}/telemetry}. */
public record Device(String id, String name) {
    public Names names() { return name.isEmpty() ? new Names(id, id) : Names.of(name); }
}
