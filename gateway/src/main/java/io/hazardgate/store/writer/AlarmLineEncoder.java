package io.hazardgate.store.writer;

import io.hazardgate.record.AlarmEvent;

/**
 * Turns an alarm event into one {@code alarm_event} line. Tags: site, source, tag, rule, kind, colour,
 * state; fields: id, seq, level, value, limit, limitName, unit, message, readingTs, raisedTs. The timestamp, in
 * nanoseconds, is the event time plus a sub-millisecond part derived from (id, seq): the same event
 * replayed lands on the same point, while two events of one series in the same millisecond do not
 * overwrite each other.
 */
public final class AlarmLineEncoder {
    public static final String MEASUREMENT = "alarm_event";
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private AlarmLineEncoder() {}

    static void encode(AlarmEvent e, StringBuilder out) {
        out.append(MEASUREMENT);
        LineProtocol.tag(out, "site", e.site());
        LineProtocol.tag(out, "source", e.source());
        LineProtocol.tag(out, "tag", e.tag());
        LineProtocol.tag(out, "rule", e.rule());
        LineProtocol.tag(out, "kind", e.kind().wireName());
        LineProtocol.tag(out, "colour", e.colour().wireName());
        LineProtocol.tag(out, "state", e.state().wireName());
        out.append(' ');
        LineProtocol.stringField(out, "id", e.id()).append(',');
        out.append("seq=").append(e.seq()).append("i,");
        out.append("level=").append(e.level()).append("i,");
        if (LineProtocol.representable(e.value())) LineProtocol.floatValue(out.append("value="), e.value()).append(',');
        if (LineProtocol.representable(e.limit())) LineProtocol.floatValue(out.append("limit="), e.limit()).append(',');
        LineProtocol.stringField(out, "limitName", e.limitName() == null ? "" : e.limitName()).append(',');
        LineProtocol.stringField(out, "unit", e.unit() == null ? "" : e.unit()).append(',');
        LineProtocol.stringField(out, "message", e.message() == null ? "" : e.message()).append(',');
        out.append("readingTs=").append(e.readingTs()).append("i,");
        out.append("raisedTs=").append(e.raisedTs()).append('i');
        out.append(' ').append(timestampNanos(e)).append('\n');
    }

    /** Event time in ns, plus a part below the millisecond that is a pure function of (id, seq). */
    static long timestampNanos(AlarmEvent e) {
        long spread = Math.floorMod(e.id().hashCode() * 1_000_003L + e.seq(), NANOS_PER_MILLI);
        return e.eventTs() * NANOS_PER_MILLI + spread;
    }
}
