package io.hazardgate.simulator.scenario;

import io.hazardgate.config.ConfigNode;
import java.util.Map;
import java.util.TreeSet;

/** Resolves the moments a scenario's expectations are written against: plant times or incident ids. */
final class TimeRefs {
    private final Map<String, Incident> incidents;
    private final long durationMillis;

    TimeRefs(Map<String, Incident> incidents, long durationMillis) {
        this.incidents = incidents;
        this.durationMillis = durationMillis;
    }

    long duration() {
        return durationMillis;
    }

    /** {@code 6m} is plant time 6 minutes into the scenario; {@code leak} is when incident {@code leak} starts. */
    TimeRef resolve(ConfigNode n) {
        if (n.looksLikeDuration()) {
            long t = n.duration().toMillis();
            if (t > durationMillis) throw n.error("is after the scenario's end (duration)");
            return new TimeRef(n.string(), t);
        }
        String id = n.string();
        Incident inc = incidents.get(id);
        if (inc == null) {
            throw n.error("'" + id + "' is neither a plant time (such as 6m) nor the id of an incident"
                    + (incidents.isEmpty() ? "" : " (" + String.join(", ", new TreeSet<>(incidents.keySet())) + ")"));
        }
        return new TimeRef(id, inc.atMillis());
    }
}
