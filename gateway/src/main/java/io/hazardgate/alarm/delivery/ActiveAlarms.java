package io.hazardgate.alarm.delivery;

import io.hazardgate.alarm.lifecycle.GatewayFaults;
import io.hazardgate.record.AlarmEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The active alarms, each as its latest event, by sensor. Written only by the alarm bus thread; read
 * from any thread (the HTTP API) without locks: each sensor's list is immutable and replaced whole.
 */
final class ActiveAlarms {
    /** Most severe first, then newest first: the order of a control room's alarm list. */
    static final Comparator<AlarmEvent> SEVERITY = Comparator.comparingInt(AlarmEvent::level).reversed()
            .thenComparing(Comparator.comparingLong(AlarmEvent::eventTs).reversed())
            .thenComparing(AlarmEvent::id);

    private final ConcurrentHashMap<String, List<AlarmEvent>> bySensor = new ConcurrentHashMap<>();

    /** Applies an event; returns the sensor's most severe active alarm afterwards, or null when none. */
    AlarmEvent apply(AlarmEvent e) {
        String key = e.sensorKey();
        List<AlarmEvent> before = bySensor.getOrDefault(key, List.of());
        List<AlarmEvent> after = new ArrayList<>(before.size() + 1);
        for (AlarmEvent a : before) {
            if (!a.id().equals(e.id())) after.add(a);
        }
        if (e.isActive()) after.add(e);
        after.sort(SEVERITY);
        if (after.isEmpty()) bySensor.remove(key);
        else bySensor.put(key, List.copyOf(after));
        return after.isEmpty() ? null : after.get(0);
    }

    List<AlarmEvent> of(String site, String tag) {
        return bySensor.getOrDefault(site + "/" + tag, List.of());
    }

    List<AlarmEvent> all() {
        List<AlarmEvent> out = new ArrayList<>();
        for (List<AlarmEvent> l : bySensor.values()) out.addAll(l);
        out.sort(SEVERITY);
        return out;
    }

    /** Drops alarms whose sensor is not in {@code keep} (after a reload removed it). */
    void retainSensors(java.util.Set<String> keep) {
        bySensor.keySet().removeIf(k -> !keep.contains(k) && !k.startsWith(GatewayFaults.SITE + "/"));
    }
}
