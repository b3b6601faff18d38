package io.hazardgate.alarm;

import io.hazardgate.config.IngestSettings;
import io.hazardgate.alarm.delivery.AlarmBus;
import io.hazardgate.alarm.delivery.AlarmBusListener;
import io.hazardgate.alarm.delivery.AlarmJournal;
import io.hazardgate.alarm.delivery.AlarmMetrics;
import io.hazardgate.alarm.delivery.AlarmOutput;
import io.hazardgate.alarm.delivery.AlarmRecorder;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.alarm.lifecycle.GatewayFaults;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The alarm subsystem as the rest of the gateway sees it: the engine (hot path), the bus (delivery) and
 * their durable state under one directory, plus the control room's API. Every method here may be called
 * from any thread and none of them slows evaluation.
 *
 * <pre>{@code
 * Alarms alarms = Alarms.open(index, mqtt::publish, store::appendAlarm, dataDir.resolve("alarm"), clock, meters,
 *                              Duration.ofSeconds(30));
 * alarms.start();                                   // before MQTT accepts connections
 * alarms.acknowledge(id, "operator1", "checked").thenAccept(r -> ...);
 * alarms.activeAlarms(); alarms.sensor("demo", "GT-101"); alarms.risks();
 * alarms.addListener(new AlarmBusListener() { ... });
 * }</pre>
 *
 * <p>Opening recovers what a previous run left under {@code dir}: the journal's active alarms (with
 * acknowledgements, latches, flapping and escalation) and each sensor's rule state from the latest
 * snapshot. Starting republishes the retained alarm state and colours from it.
 */
public final class Alarms implements AutoCloseable {
    private volatile CompletableFuture<AlarmWarmup.Result> warmup;
    private final AlarmEngine engine;
    private final AlarmBus bus;
    private final GatewayFaults gatewayFaults;
    private final MeterRegistry meters;
    private volatile RealtimePriority priority = new RealtimePriority(0);

    private Alarms(AlarmEngine engine, AlarmBus bus, GatewayFaults gatewayFaults, MeterRegistry meters) {
        this.engine = engine;
        this.bus = bus;
        this.gatewayFaults = gatewayFaults;
        this.meters = meters;
    }

    /**
     * @param dir              where the journal and snapshots live ({@code <dataDir>/alarm}); created if missing
     * @param snapshotInterval how often each shard writes its sensors' rule state
     */
    public static Alarms open(SensorIndex index, AlarmOutput output, AlarmRecorder recorder, Path dir, Clock clock,
                              MeterRegistry meters, Duration snapshotInterval) {
        return open(index, output, recorder, dir, clock, meters, snapshotInterval, IngestSettings.DEFAULT_MAX_CLOCK_SKEW);
    }

    /**
     * @param maxClockSkew how far ahead of the clock a reading may be stamped (ingest.maxClockSkew): the
     *                     engine never judges one further ahead, and state left by one is pulled back
     */
    public static Alarms open(SensorIndex index, AlarmOutput output, AlarmRecorder recorder, Path dir, Clock clock,
                              MeterRegistry meters, Duration snapshotInterval, Duration maxClockSkew) {
        try {
            AlarmJournal.Recovered[] recovered = new AlarmJournal.Recovered[1];
            AlarmJournal journal = AlarmJournal.open(dir, recovered);
            recovered[0] = recovered[0].withoutMarksAfter(clock.millis() + maxClockSkew.toMillis());
            StateSnapshots snapshots = new StateSnapshots(dir, snapshotInterval.toMillis(), index.shardCount());
            snapshots.deleteBeyond(index.shardCount());
            AlarmBus bus = new AlarmBus(index.sites(), output, recorder, clock, journal, meters);
            AlarmEngine engine = new AlarmEngine(index, bus, clock, meters, snapshots, maxClockSkew.toMillis());
            engine.restore(dir, recovered[0]);
            bus.restore(recovered[0].active().values(), recovered[0].watermarks(), recovered[0].undelivered());
            bus.compactNow();
            GatewayFaults faults = new GatewayFaults(bus, clock);
            for (AlarmEvent e : recovered[0].active().values()) {
                if (e.site().equals(GatewayFaults.SITE)) faults.restore(e);
            }
            return new Alarms(engine, bus, faults, meters);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the alarm state in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Republishes the retained state, then starts delivery and evaluation; and in the background, runs
     * the alarm path on a scratch plant so that the first real alarms meet compiled code
     * ({@link AlarmWarmup}; {@code -Dhazardgate.alarm.warmup=0} turns it off, for measuring without it).
     */
    public void start() {
        start(0);
    }

    /**
     * As {@link #start()}, with the shards and the bus at real-time priority {@code realtimePriority}
     * (alarms.realtimePriority; 0 for normal priority): see {@link RealtimePriority}.
     */
    public void start(int realtimePriority) {
        start(realtimePriority, Long.getLong(AlarmWarmup.PROPERTY, AlarmWarmup.EVENTS));
    }

    /** @param warmupEvents scratch alarm events to warm the alarm path with; 0 for none */
    void start(int realtimePriority, long warmupEvents) {
        RealtimePriority rt = new RealtimePriority(realtimePriority);
        priority = rt;
        if (meters != null) AlarmMetrics.realtimeThreads(meters, rt, RealtimePriority::raised);
        bus.start(rt::applyHere);
        engine.start(rt::applyHere);
        warmup = AlarmWarmup.startInBackground(warmupEvents);
    }

    /** The shards' and bus's priority, as {@link #start(int)} set it. */
    public RealtimePriority realtimePriority() { return priority; }

    /** Completes when the warm-up is over (with null when there was none). */
    CompletableFuture<AlarmWarmup.Result> warmup() { return warmup; }

    public AlarmEngine engine() { return engine; }

    public AlarmBus bus() { return bus; }

    /** The gateway's own faults (its clock), raised and cleared by whoever watches them. */
    public GatewayFaults gatewayFaults() { return gatewayFaults; }

    /** See {@link AlarmEngine#acknowledge}; gateway faults are acknowledged the same way. */
    public CompletableFuture<AckResult> acknowledge(String alarmId, String who, String comment) {
        AlarmId id = AlarmId.parse(alarmId);
        if (id != null && id.site().equals(GatewayFaults.SITE) && who != null && !who.isBlank()
                && who.length() <= AlarmEngine.MAX_ACK_WHO && (comment == null || comment.strip().length() <= AlarmEngine.MAX_ACK_COMMENT)) {
            return gatewayFaults.acknowledge(id, who.strip(), comment == null ? "" : comment.strip());
        }
        return engine.acknowledge(alarmId, who, comment);
    }

    /** Every active alarm (its latest event), most severe first, then newest first. */
    public List<AlarmEvent> activeAlarms() { return bus.activeAlarms(); }

    /** Every hazard source's current colour. */
    public List<RiskState> risks() { return bus.risks(); }

    /** A sensor's configuration, newest reading and active alarms; empty when not configured. */
    public Optional<SensorStatus> sensor(String site, String tag) {
        SensorIndex idx = engine.index();
        int id = idx.find(site, tag);
        if (id < 0) return Optional.empty();
        return Optional.of(status(site, idx.sensor(id)));
    }

    /** Every sensor of a site, in configuration order; empty for an unknown site. */
    public List<SensorStatus> sensors(String site) {
        List<SensorStatus> out = new ArrayList<>();
        for (Site s : engine.index().sites()) {
            if (!s.id().equals(site)) continue;
            for (Sensor sensor : s.sensors()) out.add(status(site, sensor));
        }
        return out;
    }

    private SensorStatus status(String site, Sensor sensor) {
        return new SensorStatus(site, sensor, engine.latest(site, sensor.tag()).orElse(null),
                bus.activeAlarms(site, sensor.tag()));
    }

    public void addListener(AlarmBusListener l) { bus.addListener(l); }

    public void removeListener(AlarmBusListener l) { bus.removeListener(l); }

    /** Applies a new configuration generation (see {@link AlarmEngine#reload}); the bus follows it. */
    public void reload(SensorIndex next) {
        engine.reload(next);
        bus.reload(next.sites());
    }

    /** Stops evaluation (final snapshot), then delivers what is queued and closes the journal. */
    @Override
    public void close() {
        engine.close();
        bus.close();
    }
}
