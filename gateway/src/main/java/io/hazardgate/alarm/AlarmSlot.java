package io.hazardgate.alarm;

/** The live state of one (sensor, rule) alarm; owned by the sensor's shard thread. */
final class AlarmSlot {
    /** Index of the limit in force, -1 when the alarm is not active. */
    int limitIndex = -1;
    String id;
    long seq;
}
