package io.hazardgate.uplink.feed;

import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.UplinkSettings;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.record.RecordLog;
import io.hazardgate.uplink.template.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns log records, in log order, into an uplink's messages. Readings that pass the {@link Sampler}
 * gather per site into a real-time message (or a history message, for readings a logger uploaded late);
 * an alarm transition the uplink sends closes what is gathered and follows it at once, so the platform
 * sees values and alarms in the order they happened. Used by the uplink's own thread.
 */
public final class Batcher {
    /** What the batcher did not send, by reason: the point is not reported, or the record is unreadable. */
    public interface Skips {
        void unreportedPoint();

        void undecodable(long offset, String why);
    }

    private final UplinkSettings settings;
    private final Sampler sampler;
    private final Skips skips;
    private final ReadingBatch batch = new ReadingBatch();
    private final Map<String, Gathering> gathering = new LinkedHashMap<>();
    private final List<PendingMessage> ready = new ArrayList<>();
    private PointCatalog catalog;
    private boolean urgent;
    private boolean full;
    private long pendingSinceNanos = -1;

    public Batcher(UplinkSettings settings, PointCatalog catalog, Skips skips) {
        this.settings = settings;
        this.catalog = catalog;
        this.sampler = new Sampler(settings.realtime());
        this.skips = skips;
    }

    /** Uses a reloaded configuration's points from the next record on. */
    public void catalog(PointCatalog next) { this.catalog = next; }

    /** Adds the record at {@code index} of {@code buf} (offset {@code offset}, written at {@code appendedAt}). */
    public void add(Bytes buf, int index, int length, long offset, long appendedAt) {
        byte kind = buf.getByte(index);
        try {
            if (kind == ReadingBatch.KIND) {
                readings(buf, index, offset, appendedAt);
            } else if (kind == RecordLog.ALARM_EVENT_KIND) {
                byte[] json = new byte[length - 1];
                buf.getBytes(index + 1, json);
                alarm(AlarmEventJson.decode(json), appendedAt);
            } else if (kind == RecordLog.DELIVERY_KIND) {
                return; // a notification's delivery record: the gateway's own proof, for its store, not for the platforms
            } else {
                skips.undecodable(offset, "record of unknown kind " + kind);
            }
        } catch (RuntimeException e) {
            skips.undecodable(offset, e.toString());
        }
    }

    private void readings(Bytes buf, int index, long offset, long appendedAt) {
        batch.wrap(buf, index);
        String site = batch.site();
        Site s = catalog.site(site);
        if (s == null) return; // a site this uplink does not report
        long receivedAt = batch.receivedAt();
        long lateAfter = settings.backfillAfter().toMillis();
        int i = 0;
        while (batch.next()) {
            int readingIndex = i++;
            String tag = batch.tag();
            PointInfo p = catalog.point(site, tag);
            if (p == null) {
                skips.unreportedPoint();
                continue;
            }
            long ts = batch.ts();
            if (!sampler.accept(site + '/' + tag, ts, batch.value(), batch.qualityCode())) continue;
            boolean late = receivedAt - ts > lateAfter;
            String key = (late ? "H" : "R") + site;
            Gathering g = gathering.get(key);
            if (g == null) {
                g = new Gathering(s, late, offset, readingIndex, appendedAt);
                gathering.put(key, g);
                if (pendingSinceNanos < 0) pendingSinceNanos = System.nanoTime();
            }
            g.readings.add(new Values.Reading(p, batch.value(), ts, receivedAt, batch.quality().wireName(), late));
            if (g.readings.size() >= settings.realtime().maxReadings()) full = true;
        }
    }

    private void alarm(AlarmEvent e, long appendedAt) {
        if (!settings.alarms().sends(e.state().wireName(), e.kind().wireName())) return;
        PointInfo p = catalog.point(e.site(), e.tag());
        if (p == null) {
            skips.unreportedPoint();
            return;
        }
        closeGathering();
        Site site = p.site();
        String id = e.id() + ":" + e.seq();
        String uplink = settings.name();
        long backfillAfter = settings.backfillAfter().toMillis();
        ready.add(new PendingMessage() {
            @Override
            public OutgoingMessage build(long now) {
                boolean backfill = now - appendedAt > backfillAfter;
                Context values = Values.chain(
                        Values.message(uplink, MessageKind.ALARM, id, backfill, Instant.ofEpochMilli(now), 1, site),
                        Values.alarm(e, p));
                return new OutgoingMessage(MessageKind.ALARM, id, site.id(), backfill, values, 0);
            }

            @Override
            public long firstAppendedAt() { return appendedAt; }
        });
        urgent = true;
    }

    private void closeGathering() {
        ready.addAll(gathering.values());
        gathering.clear();
    }

    /** Whether anything waits to go. */
    public boolean hasPending() { return !gathering.isEmpty() || !ready.isEmpty(); }

    /** Whether what waits must go now: an alarm, or a message at its size limit. */
    public boolean mustFlush() { return urgent || full; }

    /** Whether the oldest gathered reading has waited {@code flushAfterNanos}. */
    public boolean due(long flushAfterNanos) {
        return pendingSinceNanos >= 0 && System.nanoTime() - pendingSinceNanos >= flushAfterNanos;
    }

    /** Nanoseconds until {@link #due} turns true; a large number when nothing is gathered. */
    public long nanosUntilDue(long flushAfterNanos) {
        return pendingSinceNanos < 0 ? Long.MAX_VALUE : Math.max(0, flushAfterNanos - (System.nanoTime() - pendingSinceNanos));
    }

    /** Everything waiting, in log order, and starts afresh. */
    public List<PendingMessage> drain() {
        closeGathering();
        List<PendingMessage> out = List.copyOf(ready);
        ready.clear();
        urgent = false;
        full = false;
        pendingSinceNanos = -1;
        return out;
    }

    /** Readings of one site gathered into one message. */
    private final class Gathering implements PendingMessage {
        final Site site;
        final boolean late;
        final String id;
        final long firstAppendedAt;
        final List<Values.Reading> readings = new ArrayList<>();

        Gathering(Site site, boolean late, long offset, int readingIndex, long firstAppendedAt) {
            this.site = site;
            this.late = late;
            this.id = site.id() + ":" + offset + "." + readingIndex;
            this.firstAppendedAt = firstAppendedAt;
        }

        @Override
        public OutgoingMessage build(long now) {
            boolean backfill = late || now - firstAppendedAt > settings.backfillAfter().toMillis();
            MessageKind kind = backfill ? MessageKind.HISTORY : MessageKind.REALTIME;
            List<Values.Reading> rs = readings;
            if (backfill && !late) {
                rs = new ArrayList<>(readings.size());
                for (Values.Reading r : readings) {
                    rs.add(new Values.Reading(r.point(), r.value(), r.ts(), r.receivedAt(), r.quality(), true));
                }
            }
            Context values = Values.chain(
                    Values.message(settings.name(), kind, id, backfill, Instant.ofEpochMilli(now), rs.size(), site),
                    Values.readings(rs));
            return new OutgoingMessage(kind, id, site.id(), backfill, values, rs.size());
        }

        @Override
        public long firstAppendedAt() { return firstAppendedAt; }
    }
}
