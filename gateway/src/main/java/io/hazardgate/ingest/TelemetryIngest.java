package io.hazardgate.ingest;

import io.hazardgate.mqtt.ClientInfo;
import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.mqtt.PublishAck;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.BytesAllocator;
import io.hazardgate.record.DeviceStatusSink;
import io.hazardgate.record.ReadingSink;
import io.hazardgate.record.ReadingTap;
import io.hazardgate.record.RecordLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Takes telemetry publishes off the transport: decode and validate on the event loop, hand the readings
 * to the alarm engine (which does not wait for disk), append them to the durable log, and acknowledge a
 * QoS 1 message only once the log says it is on disk. A refused message is never half-applied. The
 * wiring hands it the MQTT server's publishes with each payload wrapped as {@link Bytes}, so ingest
 * knows the MQTT seams but not the transport's buffers.
 */
public final class TelemetryIngest {
    /** Route cache bound: beyond it routes are computed per message instead of remembered. */
    private static final int MAX_CACHED_ROUTES = 100_000;

    private final ThreadLocal<TelemetryDecoder> decoders = ThreadLocal.withInitial(TelemetryDecoder::new);
    private final ThreadLocal<ReadingBuilder> builders = ThreadLocal.withInitial(ReadingBuilder::new);
    private volatile PayloadDecoder.Lookup profiles = PayloadDecoder.Lookup.NONE;
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();
    private final RecordLog log;
    private final ReadingSink alarms;
    private final ReadingTap tap;
    private final DeviceStatusSink devices;
    private final IngestErrors errors;
    private final Clock clock;
    private final BytesAllocator alloc;
    private volatile SensorIndex index;

    private final DeviceFaults faults;
    private final Counter accepted;
    /** By {@link Refusal#ordinal()}. */
    private final Counter[] refused = new Counter[Refusal.values().length];
    private final long maxSkewMs;
    private final Counter readings;
    private final Counter unknownReadings;
    private final Counter notStored;
    private final Timer decodeTime;
    private final Consumer<Exception> notStoredQos0;
    private final Counter statusOffline;
    private final Counter statusOnline;
    private final Counter statusIgnored;

    private record Route(TelemetryTopic topic, byte[] deviceBytes) {}

    /**
     * @param tap     the control room's live view of accepted readings
     * @param devices told when a data logger announces it is offline (its will or its own status message)
     * @param faults  told when a logger's message is refused for a fault of the logger (its clock) and
     *                when one is accepted again
     * @param maxClockSkew how far ahead of {@code clock} a reading may be stamped
     */
    public TelemetryIngest(SensorIndex index, RecordLog log, ReadingSink alarms, ReadingTap tap, DeviceStatusSink devices,
                           DeviceFaults faults, Duration maxClockSkew, MessagePublisher publisher, Clock clock,
                           BytesAllocator alloc, MeterRegistry meters) {
        this.index = index;
        this.log = log;
        this.alarms = alarms;
        this.tap = tap;
        this.devices = devices;
        this.statusOffline = IngestMetrics.deviceStatus(meters, "offline");
        this.statusOnline = IngestMetrics.deviceStatus(meters, "online");
        this.statusIgnored = IngestMetrics.deviceStatus(meters, "ignored");
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
        this.decodeTime = IngestMetrics.decodeTime(meters);
        // QoS 0 has no acknowledgement to withhold: the loss is counted (and the log says why)
        this.notStoredQos0 = e -> notStored.increment();
    }

    /** Which devices publish a JSON shape of their own (payload profiles); replaced on every reload. */
    public void payloadProfiles(PayloadDecoder.Lookup lookup) { this.profiles = lookup; }

    /** Switches to a new config generation; messages in flight finish with the old one. */
    public void setIndex(SensorIndex index) {
        this.index = index;
        faults.sites(index.sites());
    }

    /**
     * A PUBLISH from the transport, on its event loop (see {@code InboundPublishHandler#onPublish}).
     *
     * @param payload valid for the duration of the call only
     * @return true when this took the message and will complete {@code ack}
     */
    public boolean onPublish(ClientInfo client, String topic, Bytes payload, int qos, PublishAck ack) {
        Route route = route(topic);
        if (route == null) {
            // not telemetry: ordinary broker traffic, which the broker routes; a logger's status is noticed too
            if (topic.endsWith(DeviceStatus.SUFFIX)) status(topic, copy(payload));
            return false;
        }
        SensorIndex idx = index;
        SensorIndex.SiteEntry site = idx.site(route.topic().site());
        if (site == null) {
            refuse(route, client, ack, Refusal.UNKNOWN_SITE, null, "unknown site '" + route.topic().site() + "'");
            return true;
        }
        PayloadDecoder profile = profiles.forDevice(route.topic().site(), route.topic().device());
        if (profile != null) return onProfilePublish(profile, route, idx, site, client, payload, qos, ack);
        TelemetryDecoder decoder = decoders.get();
        Bytes record = alloc.buffer(payload.readableBytes() + 64);
        long start = System.nanoTime();
        long now = clock.millis();
        boolean valid = decoder.decode(payload, idx, site, route.deviceBytes(), now, maxSkewMs, record);
        decodeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!valid) {
            record.release();
            Refusal why = decoder.refusal();
            refuse(route, client, ack, why, decoder.errorTag(), decoder.error());
            if (why == Refusal.CLOCK_SKEW) {
                faults.raise(route.topic().site(), route.topic().device(), DeviceFault.CLOCK_SKEW, decoder.error(), now);
            }
            return true;
        }
        handOver(route, record, decoder.shardMask(), decoder.readingCount(), decoder.unknownCount(), decoder.unknownTags(), qos, ack);
        return true;
    }

    /** A device that publishes its own JSON shape: read through its profile into the same record, with the same checks. */
    private boolean onProfilePublish(PayloadDecoder profile, Route route, SensorIndex idx, SensorIndex.SiteEntry site,
                                     ClientInfo client, Bytes payload, int qos, PublishAck ack) {
        ReadingBuilder b = builders.get();
        Bytes record = alloc.buffer(payload.readableBytes() + 64);
        long start = System.nanoTime();
        long now = clock.millis();
        b.begin(idx, site, route.deviceBytes(), now, maxSkewMs, record);
        String problem = profile.decode(payload, b);
        if (problem != null) b.fail(problem);
        boolean valid = b.finish();
        decodeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!valid) {
            record.release();
            refuse(route, client, ack, b.refusal(), b.errorTag(), b.error());
            if (b.refusal() == Refusal.CLOCK_SKEW) {
                faults.raise(route.topic().site(), route.topic().device(), DeviceFault.CLOCK_SKEW, b.error(), now);
            }
            return true;
        }
        handOver(route, record, b.shardMask(), b.readingCount(), b.unknownCount(), b.unknownTags(), qos, ack);
        return true;
    }

    /** An accepted record to the alarm engine, the live view and the log; acknowledged once durable. */
    private void handOver(Route route, Bytes record, long mask, int readingCount, int unknownCount,
                          java.util.List<String> unknownTags, int qos, PublishAck ack) {
        if (mask != 0 && !alarms.offer(record, mask)) {
            // Nothing is kept: the logger must send it again (never a plain PUBACK, see PublishAck#retryLater).
            record.release();
            refused[Refusal.BUSY.ordinal()].increment();
            ack.retryLater(Refusal.BUSY.reasonCode(), "alarm engine busy, send again later");
            return;
        }
        faults.accepted(route.topic().site(), route.topic().device());
        accepted.increment();
        tap.onRecord(record);
        readings.increment(readingCount - unknownCount);
        if (unknownCount > 0) {
            unknownReadings.increment(unknownCount);
            errors.unknownTags(route.topic(), unknownCount, unknownTags);
        }
        if (qos == 0) {
            log.append(record, NO_ACK, notStoredQos0);
        } else {
            log.append(record, ack::accepted, e -> {
                notStored.increment();
                ack.failed("not stored: " + e.getMessage());
            });
        }
    }

    private static final Runnable NO_ACK = () -> {};

    private static byte[] copy(Bytes payload) {
        byte[] b = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), b);
        return b;
    }

    /** A client's will is about to be published: a logger's will announces it offline. */
    public void onWill(ClientInfo client, String topic, byte[] payload) {
        status(topic, payload);
    }

    /** A logger's {@code plant/{site}/{device}/status} message or will. */
    private void status(String topic, byte[] payload) {
        TelemetryTopic t = DeviceStatus.topic(topic);
        DeviceStatus status = t == null || index.site(t.site()) == null ? null : DeviceStatus.parse(payload);
        if (status == null) {
            statusIgnored.increment();
        } else if (status == DeviceStatus.OFFLINE) {
            statusOffline.increment();
            devices.deviceOffline(t.site(), t.device());
        } else {
            statusOnline.increment();
            devices.deviceOnline(t.site(), t.device());
        }
    }

    private void refuse(Route route, ClientInfo client, PublishAck ack, Refusal why, String tag, String text) {
        refused[why.ordinal()].increment();
        errors.refused(route.topic(), client.clientId(), why, tag, text);
        ack.rejected(why.reasonCode(), text);
    }

    private Route route(String topic) {
        Route r = routes.get(topic);
        if (r != null) return r;
        TelemetryTopic t = TelemetryTopic.parse(topic);
        if (t == null) return null;
        r = new Route(t, t.device().getBytes(StandardCharsets.UTF_8));
        if (routes.size() < MAX_CACHED_ROUTES) routes.put(topic, r);
        return r;
    }
}
