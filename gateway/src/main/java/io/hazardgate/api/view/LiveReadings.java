package io.hazardgate.api.view;

import io.hazardgate.ingest.ReadingBatch;
import io.hazardgate.ingest.ReadingTap;
import io.hazardgate.ingest.SensorIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every sensor's latest reading and its last hour, kept in memory for the control room. Fed by ingest
 * through a bounded queue on its own thread, so it never slows the hot path; if it falls behind it
 * drops records (counted) — the readings are still stored and evaluated, only the view lags.
 */
public final class LiveReadings implements ReadingTap, AutoCloseable {
    /** Records waiting beyond which the view drops rather than grow memory. */
    static final int MAX_QUEUED_RECORDS = 8_192;

    private final SensorIndex index;
    private final SensorTrace[] traces;
    private final LinkedBlockingQueue<ByteBuf> queue = new LinkedBlockingQueue<>(MAX_QUEUED_RECORDS);
    private final ReadingBatch batch = new ReadingBatch();
    private final Counter dropped;
    private final Thread thread;
    private volatile boolean running = true;
    private final long startedAt;

    public LiveReadings(SensorIndex index, MeterRegistry meters, java.time.Clock clock) {
        this.index = index;
        this.startedAt = clock.millis();
        this.traces = new SensorTrace[index.size()];
        for (int id = 0; id < traces.length; id++) traces[id] = new SensorTrace(index.sensor(id).period().toMillis());
        this.dropped = Counter.builder("hazardgate.api.live.dropped").description(
                "Records the control room's live view skipped because it fell behind (still stored and evaluated)")
                .register(meters);
        Gauge.builder("hazardgate.api.live.queue", queue, LinkedBlockingQueue::size)
                .description("Records waiting for the control room's live view").register(meters);
        this.thread = new Thread(this::run, "control-room-view");
        this.thread.setDaemon(true);
    }

    public LiveReadings start() {
        thread.start();
        return this;
    }

    @Override
    public void onRecord(ByteBuf record) {
        ByteBuf dup = record.retainedDuplicate();
        if (!queue.offer(dup)) {
            dup.release();
            dropped.increment();
        }
    }

    public SensorIndex index() { return index; }

    /** The latest reading of a sensor, or null when it has not reported since start. */
    public ReadingPoint latest(int sensorId) { return traces[sensorId].latest(); }

    /** Live readings held for a sensor between {@code from} and {@code to}. */
    public java.util.List<ReadingPoint> between(int sensorId, long from, long to) { return traces[sensorId].between(from, to); }

    /** From when memory holds every live reading of a sensor; older ranges come from the store. */
    public long completeSince(int sensorId) { return traces[sensorId].completeSince(startedAt); }

    private void run() {
        while (running || !queue.isEmpty()) {
            ByteBuf rec;
            try {
                rec = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (rec == null) continue;
            try {
                ReadingBatch b = batch.wrap(rec);
                boolean sameGeneration = b.configGeneration() == index.generation();
                while (b.next()) {
                    int id = sameGeneration ? b.sensorId() : index.find(b.site(), b.tag());
                    if (id >= 0) traces[id].add(b.ts(), b.value(), b.qualityCode());
                }
            } finally {
                rec.release();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ByteBuf left;
        while ((left = queue.poll()) != null) left.release();
    }
}
