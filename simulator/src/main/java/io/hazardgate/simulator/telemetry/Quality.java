package io.hazardgate.simulator.telemetry;

import java.util.Locale;

/** A reading's quality as the wire contract spells it; {@code good} is the default and is not sent. */
public enum Quality {
    GOOD, UNCERTAIN, BAD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
