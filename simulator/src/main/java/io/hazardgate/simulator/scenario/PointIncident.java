package io.hazardgate.simulator.scenario;

import io.hazardgate.simulator.cli.Durations;
import java.time.Duration;

/** A monitoring point reporting what {@code shape} says instead of its normal signal, for a while. */
public record PointIncident(String id, String field, String site, String tag, long atMillis, long lengthMillis, PointShape shape)
        implements Incident {
    @Override
    public long endMillis() {
        return atMillis + lengthMillis;
    }

    @Override
    public String describe() {
        return tag + " " + shape.describe() + " for " + Durations.readable(Duration.ofMillis(lengthMillis));
    }
}
