package io.hazardgate.alarm;

import io.hazardgate.config.Direction;
import io.hazardgate.config.Sensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the engine keeps about one sensor. Owned by exactly one shard thread, so it needs no
 * locks; readings for it only ever arrive on that thread.
 */
final class SensorState {
    final Sensor sensor;
    final String site;
    final ThresholdRule[] rules;
    final AlarmSlot[] slots;
    /** Timestamp of the newest reading evaluated; older readings are late and not evaluated. */
    long lastTs = Long.MIN_VALUE;
    double lastValue = Double.NaN;

    SensorState(String site, Sensor sensor) {
        this.site = site;
        this.sensor = sensor;
        List<ThresholdRule> r = new ArrayList<>();
        for (Direction d : Direction.values()) {
            var limits = sensor.limits(d);
            if (!limits.isEmpty()) r.add(new ThresholdRule(d, limits));
        }
        this.rules = r.toArray(new ThresholdRule[0]);
        this.slots = new AlarmSlot[rules.length];
        for (int i = 0; i < slots.length; i++) slots[i] = new AlarmSlot();
    }
}
