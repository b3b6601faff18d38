package io.hazardgate.alarm.state;

import io.hazardgate.record.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary snapshot of one sensor's state: everything rules need that is not in the alarm journal
 * (the newest reading, trend and accumulation windows, rise and flatline counts, delays in progress,
 * flapping history). Alarm lifecycles (id, level, acknowledgement, flapping, escalation) come from the
 * journal, which is always newer. Windows and slots are matched by their shape and rule name, so a
 * configuration change keeps what still applies and drops the rest.
 */
public final class SensorStateCodec {
    static final byte VERSION = 1;

    private SensorStateCodec() {}

    public static void write(SensorState st, Bytes out) {
        utf(out, st.key());
        out.writeByte(VERSION);
        out.writeLong(st.lastTs);
        out.writeDouble(st.publishedValue()).writeByte(st.publishedQuality()).writeLong(st.publishedTs()).writeLong(st.publishedArrival());
        out.writeDouble(st.flatRef).writeInt(st.flatCount);
        out.writeDouble(st.risePrev).writeInt(st.rises);
        out.writeShort(st.distinctWindows.length);
        for (TrendWindow w : st.distinctWindows) {
            out.writeLong(w.bucketMs).writeInt(w.ring).writeLong(w.newest());
            for (double d : w.buckets()) out.writeDouble(d);
        }
        Accumulator a = st.accumulator;
        out.writeByte(a != null ? 1 : 0);
        if (a != null) {
            out.writeLong(a.bucketMs).writeLong(a.newest());
            for (double d : a.sums()) out.writeDouble(d);
            for (long l : a.index()) out.writeLong(l);
            for (long l : a.recent()) out.writeLong(l);
        }
        int slots = 0;
        for (AlarmSlot s : st.slots) if (s != null) slots++;
        out.writeShort(slots);
        for (int r = 0; r < st.slots.length; r++) {
            AlarmSlot s = st.slots[r];
            if (s == null) continue;
            utf(out, st.rules[r].name);
            out.writeInt(s.pendingTarget).writeInt(s.pendingCount).writeLong(s.pendingSince);
            out.writeInt(s.condition).writeLong(s.conditionSince);
            out.writeDouble(s.lastValue).writeLong(s.lastReadingTs).writeLong(s.idTs);
            int n = s.transitions == null ? 0 : s.transitions.length;
            out.writeShort(n).writeShort(s.transitionHead);
            for (int i = 0; i < n; i++) out.writeLong(s.transitions[i]);
        }
    }

    /** The sensor key a snapshot record starts with. */
    public static String key(ByteBuffer in) { return utf(in); }

    /** Restores {@code st} from a record positioned just after its key. Unknown versions are skipped. */
    public static void read(SensorState st, ByteBuffer in) {
        if (in.get() != VERSION) return;
        st.lastTs = in.getLong();
        double value = in.getDouble();
        byte quality = in.get();
        long ts = in.getLong();
        long arrival = in.getLong();
        if (ts != Long.MIN_VALUE) st.restoreLatest(value, quality, ts, arrival);
        double flatRef = in.getDouble();
        int flatCount = in.getInt();
        if (st.flatlineSamples > 0) {
            st.flatRef = flatRef;
            st.flatCount = flatCount;
        }
        st.risePrev = in.getDouble();
        st.rises = in.getInt();
        int windows = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < windows; i++) {
            long bucketMs = in.getLong();
            int ring = in.getInt();
            long newest = in.getLong();
            double[] buckets = new double[ring * 6];
            for (int k = 0; k < buckets.length; k++) buckets[k] = in.getDouble();
            for (TrendWindow w : st.distinctWindows) {
                if (w.bucketMs == bucketMs && w.ring == ring) w.restore(newest, buckets);
            }
        }
        if (in.get() != 0) {
            long bucketMs = in.getLong();
            long newest = in.getLong();
            double[] sums = new double[Accumulator.BUCKETS];
            long[] index = new long[Accumulator.BUCKETS];
            long[] recent = new long[8];
            for (int k = 0; k < sums.length; k++) sums[k] = in.getDouble();
            for (int k = 0; k < index.length; k++) index[k] = in.getLong();
            for (int k = 0; k < recent.length; k++) recent[k] = in.getLong();
            if (st.accumulator != null && st.accumulator.bucketMs == bucketMs) st.accumulator.restore(newest, sums, index, recent);
        }
        int slots = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < slots; i++) {
            String rule = utf(in);
            int pendingTarget = in.getInt();
            int pendingCount = in.getInt();
            long pendingSince = in.getLong();
            int condition = in.getInt();
            long conditionSince = in.getLong();
            double lastValue = in.getDouble();
            long lastReadingTs = in.getLong();
            long idTs = in.getLong();
            int n = Short.toUnsignedInt(in.getShort());
            int head = Short.toUnsignedInt(in.getShort());
            long[] transitions = new long[n];
            for (int k = 0; k < n; k++) transitions[k] = in.getLong();
            int r = st.ruleIndex(rule);
            if (r < 0) continue;
            AlarmSlot s = new AlarmSlot(st.rules[r].flapTransitions);
            s.pendingTarget = pendingTarget;
            s.pendingCount = pendingCount;
            s.pendingSince = pendingSince;
            s.condition = condition;
            s.conditionSince = conditionSince;
            s.lastValue = lastValue;
            s.lastReadingTs = lastReadingTs;
            s.idTs = idTs;
            if (s.transitions != null && s.transitions.length == n) {
                System.arraycopy(transitions, 0, s.transitions, 0, n);
                s.transitionHead = head;
            }
            st.slots[r] = s;
        }
    }

    static void utf(Bytes out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length).writeBytes(b);
    }

    static String utf(ByteBuffer in) {
        byte[] b = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
