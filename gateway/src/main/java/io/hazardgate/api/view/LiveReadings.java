package io.hazardgate.api.view;

import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.record.ReadingTap;
import io.hazardgate.api.http.ApiMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every sensor's latest reading and its last hour, kept in memory for the control room. Fed by ingest
 * through a bounded queue on its own thread, so it never slows the hot path; if it falls behind it
 * drops records (counted) — the readings are still stored and evaluated, only the view lags. Values are
 * engineering values, the ones the rules judge: a point with a conversion (a baseline, a piezometer's
 * head) is converted here, and a point the gateway derives from another (the freeboard from the water
 * level) gets a reading whenever its source does. The store keeps what the instrument sent
 * ({@link #engineering}).
 */
public final class LiveReadings implements ReadingTap, AutoCloseable {
    /** Records waiting beyond which the view drops rather than grow memory. */
    static final int MAX_QUEUED_RECORDS = 8_192;

    /**
     * The sensors in view and their traces, replaced as a whole on a config reload.
     *
     * @param derivedFrom for each sensor, the sensors computed from its readings
     */
    private record View(SensorIndex index, SensorTrace[] traces, int[][] derivedFrom) {
        View(SensorIndex index, SensorTrace[] traces) {
            this(index, traces, derived(index));
        }

        private static int[][] derived(SensorIndex index) {
            int[][] out = new int[index.size()][];
            java.util.List<java.util.List<Integer>> lists = new java.util.ArrayList<>();
            for (int i = 0; i < index.size(); i++) lists.add(new java.util.ArrayList<>());
            for (int id = 0; id < index.size(); id++) {
                if (!index.derived(id)) continue;
                int from = index.find(index.siteOf(id), index.sensor(id).conversion().from());
                if (from >= 0) lists.get(from).add(id);
            }
            for (int i = 0; i < out.length; i++) out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
            return out;
        }
    }

    /** A sensor's engineering value from what its instrument sent (for a derived point: its source's engineering value). */
    public static double engineering(io.hazardgate.config.site.Sensor s, double raw) {
        return s.conversion().isIdentity() && !s.derived() ? raw : s.conversion().apply(raw);
    }

    private volatile View view;
    private final LinkedBlockingQueue<Bytes> queue = new LinkedBlockingQueue<>(MAX_QUEUED_RECORDS);
    private final ReadingBatch batch = new ReadingBatch();
    private final Counter dropped;
    private final Thread thread;
    private volatile boolean running = true;
    private final long startedAt;

    public LiveReadings(SensorIndex index, MeterRegistry meters, java.time.Clock clock) {
        this.startedAt = clock.millis();
        this.view = new View(index, traces(index, null));
        this.dropped = ApiMetrics.liveDropped(meters);
        ApiMetrics.liveQueue(meters, queue, LinkedBlockingQueue::size);
        this.thread = new Thread(this::run, "control-room-view");
        this.thread.setDaemon(true);
    }

    public LiveReadings start() {
        thread.start();
        return this;
    }

    @Override
    public void onRecord(Bytes record) {
        Bytes dup = record.retainedView();
        if (!queue.offer(dup)) {
            dup.release();
            dropped.increment();
        }
    }

    /** A configured point, or null. */
    public io.hazardgate.config.site.Sensor sensor(String site, String tag) {
        SensorIndex idx = view.index();
        int id = idx.find(site, tag);
        return id < 0 ? null : idx.sensor(id);
    }

    /** A configured site, or null. */
    public io.hazardgate.config.site.Site site(String id) {
        for (io.hazardgate.config.site.Site s : sites()) {
            if (s.id().equals(id)) return s;
        }
        return null;
    }

    /** The configured sites, as of the latest reload. */
    public java.util.List<io.hazardgate.config.site.Site> sites() { return view.index().sites(); }

    /**
     * Takes a reloaded configuration: sensors that stay keep their traces (a changed period starts a new
     * one), new sensors start empty.
     */
    public synchronized void reload(SensorIndex next) {
        view = new View(next, traces(next, view));
    }

    private static SensorTrace[] traces(SensorIndex index, View old) {
        SensorTrace[] t = new SensorTrace[index.size()];
        for (int id = 0; id < t.length; id++) {
            long period = index.sensor(id).period().toMillis();
            int was = old == null ? -1 : old.index().find(index.siteOf(id), index.sensor(id).tag());
            t[id] = was >= 0 && old.index().sensor(was).period().toMillis() == period ? old.traces()[was] : new SensorTrace(period);
        }
        return t;
    }

    private SensorTrace trace(String site, String tag) {
        View v = view;
        int id = v.index().find(site, tag);
        return id < 0 ? null : v.traces()[id];
    }

    /** The latest reading of a sensor, or null when it has not reported since start. */
    public ReadingPoint latest(String site, String tag) {
        SensorTrace t = trace(site, tag);
        return t == null ? null : t.latest();
    }

    /** Live readings held for a sensor between {@code from} and {@code to}. */
    public java.util.List<ReadingPoint> between(String site, String tag, long from, long to) {
        SensorTrace t = trace(site, tag);
        return t == null ? java.util.List.of() : t.between(from, to);
    }

    /** From when memory holds every live reading of a sensor; older ranges come from the store. */
    public long completeSince(String site, String tag) {
        SensorTrace t = trace(site, tag);
        return t == null ? Long.MAX_VALUE : t.completeSince(startedAt);
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            Bytes rec;
            try {
                rec = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (rec == null) continue;
            try {
                View v = view;
                ReadingBatch b = batch.wrap(rec);
                boolean sameGeneration = b.configGeneration() == v.index().generation();
                while (b.next()) {
                    int id = sameGeneration ? b.sensorId() : v.index().find(b.site(), b.tag());
                    if (id < 0 || v.index().derived(id)) continue;
                    double value = engineering(v.index().sensor(id), b.value());
                    v.traces()[id].add(b.ts(), value, b.qualityCode());
                    for (int d : v.derivedFrom()[id]) v.traces()[d].add(b.ts(), engineering(v.index().sensor(d), value), b.qualityCode());
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
        Bytes left;
        while ((left = queue.poll()) != null) left.release();
    }
}
