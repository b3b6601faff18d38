package io.hazardgate.ingest;

import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.BytesAllocator;
import io.hazardgate.record.DeviceStatusSink;
import io.hazardgate.record.LogState;
import io.hazardgate.record.ReadingSink;
import io.hazardgate.record.ReadingTap;
import io.hazardgate.record.RecordLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where readings from the southbound protocols (Modbus polls, HJ 212 packets, OPC UA notifications)
 * enter the same ingest as MQTT telemetry: one {@link io.hazardgate.record.ReadingBatch} record per message, built and
 * validated by {@link ReadingBuilder}, handed to the alarm engine, the control room's live view and the
 * durable log, with the same refusals counted in the same meters ({@code hazardgate.ingest.*}) and, per
 * protocol, in {@code hazardgate.southbound.messages}. A refusal reaches the device's
 * {@code plant/{site}/{device}/errors} topic as an MQTT device's would. Safe to call from any thread.
 *
 * @see io.hazardgate.record.ReadingBatch
 */
public final class ReadingIntake {
    /** Route cache bound, as in {@link TelemetryIngest}. */
    private static final int MAX_CACHED_DEVICES = 100_000;

    /** Writes one message's readings into a begun record. */
    @FunctionalInterface
    public interface Readings {
        void writeTo(ReadingBuilder out);
    }

    /** What became of a message. Exactly one method is called, once, possibly on the log's thread. */
    public interface Outcome {
        /** The readings are on disk. */
        void durable();

        /** The readings were refused (invalid, unknown site, or the gateway is busy); nothing was kept. */
        void refused(String reason);

        /** The readings were accepted but could not be made durable (disk failure). */
        default void failed(String reason) { refused(reason); }

        /** Nothing to answer (a polled device): refusals are counted and reported, nothing else. */
        Outcome NONE = new Outcome() {
            @Override public void durable() {}

            @Override public void refused(String reason) {}
        };
    }

    private final String protocol;
    private final RecordLog log;
    private final ReadingSink alarms;
    private final ReadingTap tap;
    private final DeviceStatusSink devices;
    private final IngestErrors errors;
    private final Clock clock;
    private final BytesAllocator alloc;
    private final ThreadLocal<ReadingBuilder> builders = ThreadLocal.withInitial(ReadingBuilder::new);
    private final ConcurrentHashMap<String, byte[]> deviceBytes = new ConcurrentHashMap<>();
    private volatile SensorIndex index;

    private final DeviceFaults faults;
    private final long maxSkewMs;
    private final Counter accepted;
    /** By {@link Refusal#ordinal()}. */
    private final Counter[] refused = new Counter[Refusal.values().length];
    private final Counter readings;
    private final Counter unknownReadings;
    private final Counter notStored;
    private final Counter protocolAccepted;
    private final Counter protocolRefused;
    private final Counter protocolReadings;

    /**
     * @param protocol the southbound protocol this intake serves ({@code modbus}, {@code hj212}, ...), the
     *                 {@code protocol} tag of its meters
     * @param faults   told when a device's message is refused for its clock, and when one is accepted again
     * @param maxClockSkew how far ahead of {@code clock} a reading may be stamped
     */
    public ReadingIntake(String protocol, SensorIndex index, RecordLog log, ReadingSink alarms, ReadingTap tap,
                         DeviceStatusSink devices, DeviceFaults faults, java.time.Duration maxClockSkew,
                         MessagePublisher publisher, Clock clock, BytesAllocator alloc, MeterRegistry meters) {
        this.protocol = protocol;
        this.index = index;
        this.log = log;
        this.alarms = alarms;
        this.tap = tap;
        this.devices = devices;
        this.errors = new IngestErrors(publisher);
        this.clock = clock;
        this.alloc = alloc;
        this.faults = faults;
        this.maxSkewMs = maxClockSkew.toMillis();
        this.accepted = IngestMetrics.messages(meters, "accepted");
        for (Refusal r : Refusal.values()) refused[r.ordinal()] = IngestMetrics.refused(meters, r.tag());
        this.readings = IngestMetrics.readings(meters, "accepted");
        this.unknownReadings = IngestMetrics.readings(meters, "unknown_tag");
        this.notStored = IngestMetrics.messages(meters, "not_stored");
        this.protocolAccepted = IngestMetrics.southbound(meters, protocol, "accepted");
        this.protocolRefused = IngestMetrics.southbound(meters, protocol, "refused");
        this.protocolReadings = IngestMetrics.southboundReadings(meters, protocol);
    }

    public String protocol() { return protocol; }

    /** Switches to a new config generation. */
    public void setIndex(SensorIndex index) { this.index = index; }

    public SensorIndex index() { return index; }

    /** The gateway's clock, epoch ms. */
    public long now() { return clock.millis(); }

    /**
     * Builds one record from {@code source}'s readings for {@code device} of {@code site} and hands it
     * over; never blocks.
     *
     * @return true when the record was accepted (the outcome then says when it is durable)
     */
    public boolean submit(String site, String device, Readings source, Outcome outcome) {
        SensorIndex idx = index;
        SensorIndex.SiteEntry entry = idx.site(site);
        if (entry == null) return refuse(site, device, Refusal.UNKNOWN_SITE, null, "unknown site '" + site + "'", outcome);
        if (log.state() != LogState.ACCEPTING) {
            // MQTT publishers are paused by not reading their sockets; a polled or pushed source is refused instead
            return refuse(site, device, Refusal.BUSY, null, "the gateway's log is " + log.state().name().toLowerCase(java.util.Locale.ROOT)
                    + ": try again later", outcome);
        }
        ReadingBuilder b = builders.get();
        Bytes record = alloc.buffer(256);
        long now = clock.millis();
        b.begin(idx, entry, deviceBytes(device), now, maxSkewMs, record);
        try {
            source.writeTo(b);
        } catch (RuntimeException e) {
            b.fail("unreadable: " + e);
        }
        if (!b.finish()) {
            record.release();
            Refusal why = b.refusal();
            if (why == Refusal.CLOCK_SKEW) faults.raise(site, device, DeviceFault.CLOCK_SKEW, b.error(), now);
            return refuse(site, device, why, b.errorTag(), b.error(), outcome);
        }
        if (b.shardMask() != 0 && !alarms.offer(record, b.shardMask())) {
            record.release();
            return refuse(site, device, Refusal.BUSY, null, "alarm engine busy, try again later", outcome);
        }
        faults.accepted(site, device);
        accepted.increment();
        protocolAccepted.increment();
        tap.onRecord(record);
        readings.increment(b.readingCount() - b.unknownCount());
        protocolReadings.increment(b.readingCount());
        if (b.unknownCount() > 0) {
            unknownReadings.increment(b.unknownCount());
            errors.unknownTags(new TelemetryTopic(site, device), b.unknownCount(), b.unknownTags());
        }
        log.append(record, outcome::durable, notStored(outcome));
        return true;
    }

    private Consumer<Exception> notStored(Outcome outcome) {
        return e -> {
            notStored.increment();
            outcome.failed("not stored: " + e.getMessage());
        };
    }

    /** The device is unreachable or reports itself faulty at the link level: its points go to no-data at once. */
    public void deviceOffline(String site, String device) {
        devices.deviceOffline(site, device);
    }

    /** The device answers again. */
    public void deviceOnline(String site, String device) {
        devices.deviceOnline(site, device);
    }

    private boolean refuse(String site, String device, Refusal why, String tag, String reason, Outcome outcome) {
        refused[why.ordinal()].increment();
        protocolRefused.increment();
        errors.refused(new TelemetryTopic(site, device), protocol, why, tag, reason);
        outcome.refused(reason);
        return false;
    }

    private byte[] deviceBytes(String device) {
        byte[] b = deviceBytes.get(device);
        if (b != null) return b;
        b = device.getBytes(StandardCharsets.UTF_8);
        if (deviceBytes.size() < MAX_CACHED_DEVICES) deviceBytes.put(device, b);
        return b;
    }
}
