package io.hazardgate.alarm.state;

import io.hazardgate.alarm.rules.RuleSpec;
import io.hazardgate.record.Acknowledgement;
import io.hazardgate.record.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A sensor's whole state in one record: the rule state of {@link SensorStateCodec} followed by the
 * lifecycle of each alarm (id, level, sequence, acknowledgement, flapping, escalation step and role, the
 * time of its latest event), which the
 * single process keeps in its journal instead. The cluster's changelog carries these, one per sensor,
 * so that the new owner of a partition takes over every alarm exactly where the old one left it.
 */
public final class SensorStateRecord {
    static final byte VERSION = 2;
    /** Before an alarm carried its escalation role, the step's time and the time of its latest event. */
    private static final byte VERSION_1 = 1;

    private SensorStateRecord() {}

    public static void write(SensorState st, Bytes out) {
        SensorStateCodec.write(st, out);
        out.writeByte(VERSION);
        int slots = 0;
        for (AlarmSlot s : st.slots) if (s != null) slots++;
        out.writeShort(slots);
        for (int r = 0; r < st.slots.length; r++) {
            AlarmSlot s = st.slots[r];
            if (s == null) continue;
            SensorStateCodec.utf(out, st.rules[r].name);
            out.writeInt(s.level);
            SensorStateCodec.utf(out, s.id == null ? "" : s.id);
            SensorStateCodec.utf(out, s.previousId == null ? "" : s.previousId);
            out.writeLong(s.seq).writeLong(s.raisedTs);
            SensorStateCodec.utf(out, s.cause == null ? "" : s.cause);
            out.writeByte(s.ack == null ? 0 : 1);
            if (s.ack != null) {
                SensorStateCodec.utf(out, s.ack.by());
                out.writeLong(s.ack.ts());
                SensorStateCodec.utf(out, s.ack.comment() == null ? "" : s.ack.comment());
            }
            out.writeByte(s.flapping ? 1 : 0);
            out.writeInt(s.escalationStep);
            SensorStateCodec.utf(out, s.escalationRole == null ? "" : s.escalationRole);
            out.writeLong(s.escalationAfterMs).writeLong(s.lastEventTs);
        }
    }

    /**
     * Restores {@code st} from a record positioned just after its key ({@link SensorStateCodec#key}).
     * Alarms of rules no longer configured are skipped; the count of active alarms is recomputed.
     */
    public static void read(SensorState st, ByteBuffer in) {
        SensorStateCodec.read(st, in);
        if (!in.hasRemaining()) return;
        byte version = in.get();
        if (version != VERSION && version != VERSION_1) return;
        int slots = Short.toUnsignedInt(in.getShort());
        for (int i = 0; i < slots; i++) {
            String rule = SensorStateCodec.utf(in);
            int level = in.getInt();
            String id = SensorStateCodec.utf(in);
            String previousId = SensorStateCodec.utf(in);
            long seq = in.getLong();
            long raisedTs = in.getLong();
            String cause = SensorStateCodec.utf(in);
            Acknowledgement ack = null;
            if (in.get() != 0) {
                String by = SensorStateCodec.utf(in);
                long ts = in.getLong();
                ack = new Acknowledgement(by, ts, SensorStateCodec.utf(in));
            }
            boolean flapping = in.get() != 0;
            int escalationStep = in.getInt();
            String escalationRole = version == VERSION_1 ? "" : SensorStateCodec.utf(in);
            long escalationAfterMs = version == VERSION_1 ? 0 : in.getLong();
            long lastEventTs = version == VERSION_1 ? 0 : in.getLong();
            int r = st.ruleIndex(rule);
            if (r < 0 || st.slots[r] == null) continue;
            AlarmSlot s = st.slots[r];
            int limits = st.rules[r].limits == null ? 1 : st.rules[r].limits.levels.length;
            s.level = Math.min(level, limits - 1);
            s.id = id.isEmpty() ? null : id;
            s.previousId = previousId.isEmpty() ? null : previousId;
            s.seq = seq;
            s.raisedTs = raisedTs;
            s.cause = cause;
            s.ack = ack;
            s.flapping = flapping;
            // the ladder of the alarm's colour: each colour has its own
            RuleSpec spec = st.rules[r];
            s.escalationStep = Math.min(escalationStep, spec.escalationMs[spec.level(Math.max(s.level, 0))].length);
            s.escalationRole = escalationRole.isEmpty() || s.escalationStep == 0 ? null : escalationRole;
            s.escalationAfterMs = escalationAfterMs;
            s.lastEventTs = lastEventTs;
        }
        int active = 0;
        for (AlarmSlot s : st.slots) if (s != null && s.active()) active++;
        st.activeSlots = active;
    }
}
