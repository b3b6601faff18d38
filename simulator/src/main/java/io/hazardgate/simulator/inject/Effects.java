package io.hazardgate.simulator.inject;

import io.hazardgate.simulator.telemetry.Reading;
import java.util.List;

/** Several effects applied one after another, in the order given; a later one sees the earlier's result. */
public record Effects(List<PointEffect> effects) implements PointEffect {
    public Effects {
        effects = List.copyOf(effects);
    }

    @Override
    public Reading apply(String site, Reading normal, long plantMillis) {
        Reading r = normal;
        for (PointEffect e : effects) r = e.apply(site, r, plantMillis);
        return r;
    }
}
