package io.hazardgate.alarm.delivery;

import io.hazardgate.record.AlarmEvent;

/** Where alarm events are kept for the record (the durable log, then the time-series store). */
public interface AlarmRecorder {
    void record(AlarmEvent event);

    AlarmRecorder NONE = e -> {};
}
