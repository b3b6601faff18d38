package io.hazardgate.alarm;

import io.hazardgate.ingest.ReadingSink;
import io.hazardgate.ingest.SensorIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import java.time.Clock;

/**
 * The alarm hot path: one shard thread per partition of the sensors, each owning its sensors' state.
 * Ingest hands a record to every shard that owns one of its readings; if any of those shards is too far
 * behind, the record is refused as a whole rather than evaluated by some shards and not others.
 */
public final class AlarmEngine implements ReadingSink, AutoCloseable {
    /** Records queued per shard beyond which new messages are refused until it catches up. */
    public static final int MAX_QUEUED_RECORDS = 16_384;

    private final AlarmShard[] shards;

    public AlarmEngine(SensorIndex index, AlarmListener listener, Clock clock, MeterRegistry meters) {
        shards = new AlarmShard[index.shardCount()];
        for (int s = 0; s < shards.length; s++) {
            AlarmShard shard = new AlarmShard(new AlarmEvaluator(s, index, listener, clock));
            shards[s] = shard;
            Gauge.builder("hazardgate.alarm.shard.queue", shard, AlarmShard::depth).tag("shard", Integer.toString(s))
                    .description("Records waiting for alarm evaluation").register(meters);
            Gauge.builder("hazardgate.alarm.readings.evaluated", shard, sh -> sh.evaluator().evaluated())
                    .tag("shard", Integer.toString(s)).description("Readings evaluated").register(meters);
            Gauge.builder("hazardgate.alarm.readings.late", shard, sh -> sh.evaluator().late())
                    .tag("shard", Integer.toString(s))
                    .description("Readings older than the sensor's newest: stored, not evaluated").register(meters);
        }
    }

    public void start() {
        for (AlarmShard s : shards) s.start();
    }

    @Override
    public boolean offer(ByteBuf record, long shardMask) {
        for (long m = shardMask; m != 0; m &= m - 1) {
            if (shards[Long.numberOfTrailingZeros(m)].depth() >= MAX_QUEUED_RECORDS) return false;
        }
        for (long m = shardMask; m != 0; m &= m - 1) {
            shards[Long.numberOfTrailingZeros(m)].put(record.retainedDuplicate());
        }
        return true;
    }

    @Override
    public void close() {
        for (AlarmShard s : shards) s.close();
    }
}
