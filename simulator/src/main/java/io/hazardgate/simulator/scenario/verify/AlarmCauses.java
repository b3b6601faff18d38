package io.hazardgate.simulator.scenario.verify;

import io.hazardgate.simulator.watch.ObservedAlarm;
import java.util.HashMap;
import java.util.Map;

/**
 * Times the events of each alarm by their cause ({@link PlantTimes#causeOf}), never before the cause of
 * the event before it in the same alarm ({@code id}, by {@code seq}). A latched gas alarm acknowledged
 * after the gas has gone clears at once: its {@code cleared} event carries the last reading, from before
 * the acknowledgement, but it was the acknowledgement that cleared it. Give it the events of each alarm
 * in {@code seq} order (as one subscriber receives them: QoS 1 on one topic keeps their order).
 */
public final class AlarmCauses {
    private final PlantTimes times;
    private final Map<String, Long> latest = new HashMap<>();

    public AlarmCauses(PlantTimes times) {
        this.times = times;
    }

    public synchronized long causeOf(ObservedAlarm a) {
        long own = times.causeOf(a);
        Long before = a.id().isEmpty() ? null : latest.get(a.id());
        long cause = before == null ? own : Math.max(own, before);
        if (!a.id().isEmpty()) latest.put(a.id(), cause);
        return cause;
    }
}
