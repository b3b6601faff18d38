package io.hazardgate.alarm;

import io.hazardgate.ingest.Quality;
import io.hazardgate.ingest.ReadingBatch;
import io.hazardgate.ingest.SensorIndex;
import io.netty.buffer.ByteBuf;
import java.time.Clock;

/**
 * Evaluates readings against the rules of the sensors one shard owns and reports every transition.
 * Single-threaded by design: the shard's thread is the only one that touches these states, which is
 * what lets the hot path run without locks. Allocates only when an alarm changes state.
 *
 * <p>Late readings (older than the newest one evaluated for the sensor, e.g. a logger's
 * store-and-forward upload) are stored by the log but not evaluated, so they can never move live alarm
 * state backwards or raise an alarm for the past.
 */
public final class AlarmEvaluator {
    private final int shard;
    private final SensorIndex index;
    private final SensorState[] states;
    private final AlarmListener listener;
    private final Clock clock;
    private final ReadingBatch batch = new ReadingBatch();
    private long evaluated;
    private long late;

    public AlarmEvaluator(int shard, SensorIndex index, AlarmListener listener, Clock clock) {
        this.shard = shard;
        this.index = index;
        this.listener = listener;
        this.clock = clock;
        this.states = new SensorState[index.size()];
        for (int id = 0; id < index.size(); id++) {
            if (index.shardOf(id) == shard) states[id] = new SensorState(index.siteOf(id), index.sensor(id));
        }
    }

    public int shard() { return shard; }

    /** Readings evaluated so far. */
    public long evaluated() { return evaluated; }

    /** Readings skipped because they were older than the sensor's newest. */
    public long late() { return late; }

    /** Evaluates the readings of one {@link ReadingBatch} record that belong to this shard. */
    public void evaluate(ByteBuf record) {
        ReadingBatch b = batch.wrap(record);
        boolean sameGeneration = b.configGeneration() == index.generation();
        String site = null;
        while (b.next()) {
            int id = b.sensorId();
            if (!sameGeneration) {
                if (site == null) site = b.site();
                id = index.find(site, b.tag());
            }
            if (id < 0) continue;
            SensorState st = states[id];
            if (st == null) continue; // owned by another shard
            evaluate(st, b.ts(), b.value(), b.qualityCode());
        }
    }

    private void evaluate(SensorState st, long ts, double value, byte quality) {
        if (ts < st.lastTs) {
            late++;
            return;
        }
        evaluated++;
        st.lastTs = ts;
        st.lastValue = value;
        // A bad-quality reading says nothing about the hazard; it must not raise or clear a hazard alarm.
        if (quality == Quality.BAD.code()) return;
        ThresholdRule[] rules = st.rules;
        for (int r = 0; r < rules.length; r++) {
            AlarmSlot slot = st.slots[r];
            int next = rules[r].evaluate(value, slot.limitIndex);
            if (next != slot.limitIndex) transition(st, rules[r], slot, next, value, ts);
        }
    }

    private void transition(SensorState st, ThresholdRule rule, AlarmSlot slot, int next, double value, long ts) {
        int prev = slot.limitIndex;
        long now = clock.millis();
        AlarmState state;
        if (prev < 0) {
            state = AlarmState.RAISED;
            slot.id = st.site + ":" + st.sensor.tag() + ":" + rule.name + ":" + now;
            slot.seq = 0;
        } else if (next < 0) {
            state = AlarmState.CLEARED;
        } else {
            state = rule.levels[next] > rule.levels[prev] ? AlarmState.ESCALATED : AlarmState.DEESCALATED;
        }
        slot.limitIndex = next;
        slot.seq++;
        int shown = next < 0 ? prev : next; // a cleared event reports the level it cleared from
        listener.onEvent(new AlarmEvent(slot.id, slot.seq, st.site, st.sensor.source(), st.sensor.tag(), rule.name,
                rule.limitNames[shown], AlarmKind.THRESHOLD, rule.levels[shown], state, value, rule.values[shown],
                st.sensor.unit(), ts, now, AlarmText.threshold(st.sensor, rule, shown, state, value)));
    }
}
