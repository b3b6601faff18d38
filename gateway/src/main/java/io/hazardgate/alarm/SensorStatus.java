package io.hazardgate.alarm;

import io.hazardgate.alarm.state.LatestReading;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import java.util.List;

/**
 * What the control room shows for one sensor: its configuration, its newest reading and its active
 * alarms (most severe first).
 *
 * @param latest null before the sensor's first reading since the gateway has kept state
 */
public record SensorStatus(String site, Sensor sensor, LatestReading latest, List<AlarmEvent> activeAlarms) {
    /** Whether a sensor fault is active: its readings are not trusted. */
    public boolean faulted() { return activeAlarms.stream().anyMatch(a -> a.kind() == AlarmKind.FAULT); }

    /** Whether the sensor is silent or its logger offline. */
    public boolean noData() { return activeAlarms.stream().anyMatch(a -> a.kind() == AlarmKind.NO_DATA); }
}
