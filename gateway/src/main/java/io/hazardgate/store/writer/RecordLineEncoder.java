package io.hazardgate.store.writer;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.record.RecordLog;

/**
 * Adds one log record to a batch by its kind byte: readings to the reading lines, an alarm event to
 * the alarm lines. A record that cannot be decoded leaves the batch as it was and is reported to the
 * caller, which sets its bytes aside. Used by one thread.
 */
final class RecordLineEncoder {
    private final ReadingLineEncoder readings;

    RecordLineEncoder(SensorCatalog catalog) {
        this.readings = new ReadingLineEncoder(catalog);
    }

    void catalog(SensorCatalog next) { readings.catalog(next); }

    /** Appends the record's lines to {@code batch}; throws {@link IllegalArgumentException} if it is not decodable. */
    void encode(Bytes buf, int index, int length, ShipBatch batch) {
        byte kind = buf.getByte(index);
        if (kind == ReadingBatch.KIND) {
            int mark = batch.readings.length();
            try {
                batch.readingLines += readings.encode(buf, index, batch.readings);
            } catch (RuntimeException e) {
                batch.readings.setLength(mark);
                throw new IllegalArgumentException("reading record cannot be decoded: " + e, e);
            }
        } else if (kind == RecordLog.ALARM_EVENT_KIND) {
            byte[] json = new byte[length - 1];
            buf.getBytes(index + 1, json);
            AlarmEvent event;
            try {
                event = AlarmEventJson.decode(json);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("alarm event record cannot be decoded: " + e, e);
            }
            AlarmLineEncoder.encode(event, batch.alarms);
            batch.alarmLines++;
        } else if (kind == RecordLog.DELIVERY_KIND) {
            byte[] json = new byte[length - 1];
            buf.getBytes(index + 1, json);
            int mark = batch.alarms.length();
            try {
                DeliveryLineEncoder.encode(json, batch.alarms);
            } catch (RuntimeException e) {
                batch.alarms.setLength(mark);
                throw new IllegalArgumentException("delivery record cannot be decoded: " + e, e);
            }
            batch.alarmLines++;
        } else {
            throw new IllegalArgumentException("record of unknown kind " + kind);
        }
    }
}
