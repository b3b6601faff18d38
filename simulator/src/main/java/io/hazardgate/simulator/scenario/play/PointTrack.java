package io.hazardgate.simulator.scenario.play;

import io.hazardgate.simulator.scenario.PointIncident;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One point under a scenario: its incidents in time order, the last value it sent, and where each
 * incident started from ("where the point is", {@link io.hazardgate.simulator.scenario.PointShape}).
 */
final class PointTrack {
    private final List<PointIncident> incidents;
    private final Map<PointIncident, Double> starts = new IdentityHashMap<>();
    private double lastSent = Double.NaN;

    PointTrack(List<PointIncident> incidents) {
        this.incidents = incidents;
    }

    /** The incident in force at {@code offset} (plant ms from the scenario start), or {@code null}. */
    PointIncident at(long offset) {
        for (PointIncident i : incidents) {
            if (offset >= i.atMillis() && offset < i.endMillis()) return i;
        }
        return null;
    }

    /** Where the point was when {@code incident} began; fixed at its first sample. */
    double startOf(PointIncident incident, double normal) {
        Double s = starts.get(incident);
        if (s != null) return s;
        double start = Double.NaN;
        for (PointIncident prev : incidents) {
            Double prevStart = starts.get(prev);
            if (prev != incident && prev.endMillis() == incident.atMillis() && prevStart != null) start = prev.shape().endValue(prevStart);
        }
        if (Double.isNaN(start)) start = Double.isNaN(lastSent) ? normal : lastSent;
        starts.put(incident, start);
        return start;
    }

    boolean isFirstSample(PointIncident incident) {
        return !starts.containsKey(incident);
    }

    void sent(double value) {
        lastSent = value;
    }
}
