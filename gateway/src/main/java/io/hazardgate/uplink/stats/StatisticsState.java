package io.hazardgate.uplink.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.config.rules.NoDataRule;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts behind the regulators' statistics, kept from the log record by record:
 * <ul>
 *   <li><b>online time</b> (在线率): a reading received at {@code r} keeps its point online until
 *       {@code r} plus its no-data window (its own acquisition period times the no-data multiple), and
 *       its data logger likewise; the day's rate is the online time over the day's time so far. Receive
 *       time, not the reading's timestamp, decides: a logger that was cut off and uploads its buffer
 *       later was offline meanwhile.</li>
 *   <li><b>completeness</b> (数据完整率): readings timestamped in the day, each point counted up to the
 *       readings its period asks for (a point sending faster does not make up for a silent one), over
 *       those expected; a reading uploaded late still counts for its own day.</li>
 *   <li><b>alarms by colour</b>: raised alarms per day of their transition, at their colour, an
 *       escalation again at its new colour; faults and lost data apart (they have no colour).</li>
 * </ul>
 * Days are calendar days in the configured zone. Per-point counts are kept for the last
 * {@value #RECENT_DAYS} days; older ones are folded into their hazard source's day. Not thread-safe: the
 * caller serialises access.
 */
final class StatisticsState {
    static final int FORMAT = 1;
    /** Days kept per point before they are folded into the source's day: room for a logger's late upload. */
    static final int RECENT_DAYS = 3;
    /** Days of figures kept (a month, as the regulation keeps records 30 days). */
    static final int KEPT_DAYS = 32;
    static final int BLUE = 0;
    static final int YELLOW = 1;
    static final int ORANGE = 2;
    static final int RED = 3;
    static final int FAULT = 4;
    static final int NO_DATA = 5;

    private final ZoneId zone;
    private Plant plant;
    private final Map<String, PointStat> points = new HashMap<>();
    private final Map<String, Long> deviceUntil = new HashMap<>();
    private final TreeMap<LocalDate, Map<String, SiteDay>> days = new TreeMap<>();
    private LocalDate cachedDay;
    private long cachedStart = Long.MAX_VALUE;
    private long cachedEnd = Long.MIN_VALUE;

    /**
     * One configured point: where it belongs and how often it reports; {@code index} is its place among
     * its site's points in configuration order, and {@code tag} its tag in UTF-8.
     */
    record PlantPoint(String key, String site, String source, String device, long periodMs, long timeoutMs,
                      int index, byte[] tag) {
        /** Whether the tag in {@code buf[offset, offset+length)} is this point's. */
        boolean hasTag(Bytes buf, int offset, int length) {
            if (tag.length != length) return false;
            for (int i = 0; i < length; i++) if (buf.getByte(offset + i) != tag[i]) return false;
            return true;
        }
    }

    /** The configured plant as the statistics see it. */
    static final class Plant {
        final Map<String, PlantPoint> points = new LinkedHashMap<>();
        final Map<String, List<PlantPoint>> bySite = new LinkedHashMap<>();
        final Map<String, Long> deviceTimeout = new HashMap<>();
        final Map<String, List<String>> devicesBySite = new LinkedHashMap<>();
        final Map<String, List<String>> sourcesBySite = new LinkedHashMap<>();

        Plant(List<Site> sites) {
            for (Site site : sites) {
                List<PlantPoint> list = new ArrayList<>();
                List<String> devices = new ArrayList<>();
                for (Sensor s : site.sensors()) {
                    NoDataRule rule = s.rules().noData().enabled() ? s.rules().noData() : NoDataRule.DEFAULT;
                    PlantPoint p = new PlantPoint(site.id() + "/" + s.tag(), site.id(), s.source(), s.device(),
                            Math.max(1, s.period().toMillis()), rule.window(s.period()).toMillis(), list.size(),
                            s.tag().getBytes(StandardCharsets.UTF_8));
                    points.put(p.key, p);
                    list.add(p);
                    if (!s.device().isEmpty()) {
                        String d = site.id() + "/" + s.device();
                        deviceTimeout.merge(d, p.timeoutMs, Math::max);
                        if (!devices.contains(d)) devices.add(d);
                    }
                }
                bySite.put(site.id(), list);
                devicesBySite.put(site.id(), devices);
                sourcesBySite.put(site.id(), site.hazardSources().stream().map(h -> h.id()).toList());
            }
        }
    }

    /** Per point: how long it is online, and its readings on the recent days. */
    static final class PointStat {
        long until;
        long[] day = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        long[] count = new long[RECENT_DAYS];
        long newestDay = Long.MIN_VALUE;
    }

    /** One site's day: online time of its data loggers, and per hazard source what the source's points did. */
    static final class SiteDay {
        long deviceOnlineMs;
        final Map<String, SourceDay> sources = new HashMap<>();

        SourceDay source(String id) { return sources.computeIfAbsent(id, k -> new SourceDay()); }
    }

    /** A hazard source's day: its points' online time, folded reading counts, points heard, alarms. */
    static final class SourceDay {
        long onlineMs;
        long received;
        long heard;
        final long[] alarms = new long[6];
    }

    StatisticsState(List<Site> sites, ZoneId zone) {
        this.zone = zone;
        this.plant = new Plant(sites);
    }

    void plant(List<Site> sites) { this.plant = new Plant(sites); }

    ZoneId zone() { return zone; }

    /** The day holding {@code millis}; the last one found is kept, since readings come day after day. */
    LocalDate day(long millis) {
        if (millis >= cachedStart && millis < cachedEnd) return cachedDay;
        LocalDate d = java.time.Instant.ofEpochMilli(millis).atZone(zone).toLocalDate();
        cachedDay = d;
        cachedStart = startOf(d);
        cachedEnd = startOf(d.plusDays(1));
        return d;
    }

    /** When the day holding {@code millis} ends. */
    private long endOfDayOf(long millis) {
        day(millis);
        return cachedEnd;
    }

    long startOf(LocalDate d) { return d.atStartOfDay(zone).toInstant().toEpochMilli(); }

    /** One reading of {@code site}/{@code tag} timestamped {@code ts}, received at {@code receivedAt}. */
    void reading(String site, String tag, long ts, long receivedAt) {
        PlantPoint p = point(site, tag);
        if (p != null) reading(p, ts, receivedAt);
    }

    /** The configured point {@code site}/{@code tag}, or null. */
    PlantPoint point(String site, String tag) { return plant.points.get(site + "/" + tag); }

    /**
     * The configured point of {@code site} whose tag is in {@code buf[offset, offset+length)}, when it is
     * the one after {@code previous} in configuration order (or the first, after null): the order data
     * loggers send their points in, so that counting a reading makes no string. Null otherwise; then ask
     * {@link #point(String, String)}.
     */
    PlantPoint nextPoint(String site, PlantPoint previous, Bytes buf, int offset, int length) {
        List<PlantPoint> order = plant.bySite.get(site);
        int next = previous == null ? 0 : previous.index + 1;
        if (order == null || next >= order.size()) return null;
        PlantPoint p = order.get(next);
        return p.hasTag(buf, offset, length) ? p : null;
    }

    /** One reading of {@code p} timestamped {@code ts}, received at {@code receivedAt}. */
    void reading(PlantPoint p, long ts, long receivedAt) {
        PointStat s = points.computeIfAbsent(p.key, k -> new PointStat());
        long start = Math.max(receivedAt, s.until);
        long end = receivedAt + p.timeoutMs;
        // the online time, split at midnights (a loop rather than credit(), which would take a lambda per reading)
        for (long t = start; t < end; ) {
            LocalDate d = day(t);
            long next = Math.min(end, cachedEnd);
            siteDay(d, p.site).source(p.source).onlineMs += next - t;
            t = next;
        }
        if (end > start) s.until = end;
        count(p, s, day(ts).toEpochDay());
    }

    /** A data logger was heard (a record of its readings arrived) at {@code receivedAt}. */
    void deviceHeard(String site, String device, long receivedAt) {
        String key = site + "/" + device;
        Long timeout = plant.deviceTimeout.get(key);
        if (timeout == null) return;
        long until = deviceUntil.getOrDefault(key, Long.MIN_VALUE);
        long start = Math.max(receivedAt, until);
        long end = receivedAt + timeout;
        if (end > start) {
            credit(start, end, (d, ms) -> siteDay(d, site).deviceOnlineMs += ms);
            deviceUntil.put(key, end);
        }
    }

    void alarm(AlarmEvent e) {
        int slot;
        if (e.state() == AlarmState.RAISED) {
            slot = e.kind() == AlarmKind.FAULT ? FAULT : e.kind() == AlarmKind.NO_DATA ? NO_DATA : colourSlot(e.level());
        } else if (e.state() == AlarmState.ESCALATED && e.kind().isHazard()) {
            slot = colourSlot(e.level());
        } else {
            return;
        }
        if (slot < 0) return;
        siteDay(day(e.eventTs()), e.site()).source(e.source()).alarms[slot]++;
    }

    private static int colourSlot(int level) {
        return switch (level) {
            case 1 -> BLUE;
            case 2 -> YELLOW;
            case 3 -> ORANGE;
            case 4 -> RED;
            default -> -1;
        };
    }

    private interface DayCredit {
        void add(LocalDate day, long ms);
    }

    /** Splits [start, end) at midnights and credits each day its part. */
    private void credit(long start, long end, DayCredit to) {
        long t = start;
        while (t < end) {
            LocalDate d = day(t);
            long next = Math.min(end, endOfDayOf(t));
            to.add(d, next - t);
            t = next;
        }
    }

    private void count(PlantPoint p, PointStat s, long epochDay) {
        if (s.newestDay != Long.MIN_VALUE && epochDay < s.newestDay - (RECENT_DAYS - 1)) {
            // Older than the days kept per point: straight into the source's day, without the per-point cap.
            siteDay(LocalDate.ofEpochDay(epochDay), p.site).source(p.source).received++;
            return;
        }
        int slot = (int) Math.floorMod(epochDay, RECENT_DAYS);
        if (s.day[slot] != epochDay) {
            fold(p, s, slot);
            s.day[slot] = epochDay;
        }
        s.count[slot]++;
        s.newestDay = Math.max(s.newestDay, epochDay);
    }

    /** Moves a point's count of one day into its source's day, capped at what the day asked of it. */
    private void fold(PlantPoint p, PointStat s, int slot) {
        if (s.day[slot] != Long.MIN_VALUE && s.count[slot] > 0) {
            LocalDate d = LocalDate.ofEpochDay(s.day[slot]);
            SourceDay sd = siteDay(d, p.site).source(p.source);
            sd.received += Math.min(s.count[slot], expected(p, d, Long.MAX_VALUE));
            sd.heard++;
        }
        s.day[slot] = Long.MIN_VALUE;
        s.count[slot] = 0;
    }

    private SiteDay siteDay(LocalDate d, String site) {
        return days.computeIfAbsent(d, k -> new HashMap<>()).computeIfAbsent(site, k -> new SiteDay());
    }

    /** Length of the day so far at {@code now} (the whole day once it is over), ms. */
    private long dayMs(LocalDate d, long now) {
        long start = startOf(d);
        long end = startOf(d.plusDays(1));
        return Math.max(0, Math.min(end, now) - start);
    }

    /** Readings the point's period asks for in the day so far: one at the start of each period begun. */
    private long expected(PlantPoint p, LocalDate d, long now) {
        return Math.floorDiv(dayMs(d, now) + p.periodMs - 1, p.periodMs);
    }

    /** Folds what no longer fits the recent days and forgets days past {@link #KEPT_DAYS}. */
    void roll(long now) {
        long oldestRecent = day(now).toEpochDay() - (RECENT_DAYS - 1);
        for (Map.Entry<String, PointStat> e : points.entrySet()) {
            PlantPoint p = plant.points.get(e.getKey());
            PointStat s = e.getValue();
            for (int slot = 0; slot < RECENT_DAYS; slot++) {
                if (s.day[slot] != Long.MIN_VALUE && s.day[slot] < oldestRecent) {
                    if (p != null) {
                        fold(p, s, slot);
                    } else {
                        s.day[slot] = Long.MIN_VALUE;
                        s.count[slot] = 0;
                    }
                }
            }
        }
        LocalDate keepFrom = day(now).minusDays(KEPT_DAYS - 1);
        days.headMap(keepFrom).clear();
    }

    /** The days with any figures, oldest first. */
    List<LocalDate> days() { return List.copyOf(days.keySet()); }

    /** The figures of {@code site} for {@code day} as of {@code now}, total and per hazard source. */
    SiteFigures figures(String site, LocalDate day, long now) {
        List<PlantPoint> sitePoints = plant.bySite.getOrDefault(site, List.of());
        SiteDay sd = days.getOrDefault(day, Map.of()).get(site);
        boolean today = day.equals(day(now));
        long dayMs = dayMs(day, now);
        long dayStart = startOf(day);
        long dayEnd = startOf(day.plusDays(1));

        Map<String, Figures> bySource = new LinkedHashMap<>();
        Acc total = new Acc();
        for (String source : plant.sourcesBySite.getOrDefault(site, List.of())) {
            Acc a = new Acc();
            SourceDay src = sd == null ? null : sd.sources.get(source);
            if (src != null) {
                a.onlineMs = src.onlineMs;
                a.received = src.received;
                a.heard = src.heard;
                for (int i = 0; i < 6; i++) a.alarms[i] = src.alarms[i];
            }
            for (PlantPoint p : sitePoints) {
                if (!p.source.equals(source)) continue;
                a.points++;
                a.expected += expected(p, day, now);
                PointStat s = points.get(p.key);
                if (s == null) continue;
                // online time already credited beyond now belongs to the future
                a.onlineMs -= Math.max(0, Math.min(s.until, dayEnd) - Math.max(now, dayStart));
                int slot = (int) Math.floorMod(day.toEpochDay(), RECENT_DAYS);
                if (s.day[slot] == day.toEpochDay() && s.count[slot] > 0) {
                    a.received += Math.min(s.count[slot], expected(p, day, now));
                    if (!today) a.heard++;
                }
                if (today && s.until > now) a.online++;
            }
            if (!today) a.online = (int) a.heard;
            bySource.put(source, a.figures(day, dayMs, 0, 0, 0));
            total.add(a);
        }
        long deviceOnlineMs = sd == null ? 0 : sd.deviceOnlineMs;
        int devicesOnline = 0;
        List<String> devices = plant.devicesBySite.getOrDefault(site, List.of());
        for (String d : devices) {
            Long heard = deviceUntil.get(d);
            if (heard == null) continue;
            long until = heard;
            deviceOnlineMs -= Math.max(0, Math.min(until, dayEnd) - Math.max(now, dayStart));
            if (today ? until > now : until > dayStart) devicesOnline++;
        }
        return new SiteFigures(site, day, total.figures(day, dayMs, devices.size(), devicesOnline, deviceOnlineMs), bySource);
    }

    /** Sums over points while building figures. */
    private static final class Acc {
        int points;
        int online;
        long heard;
        long onlineMs;
        long received;
        long expected;
        final long[] alarms = new long[6];

        void add(Acc a) {
            points += a.points;
            online += a.online;
            heard += a.heard;
            onlineMs += a.onlineMs;
            received += a.received;
            expected += a.expected;
            for (int i = 0; i < 6; i++) alarms[i] += a.alarms[i];
        }

        Figures figures(LocalDate day, long dayMs, int devices, int devicesOnline, long deviceOnlineMs) {
            double pointRate = points == 0 || dayMs == 0 ? 0 : Math.min(1, Math.max(0, onlineMs) / ((double) points * dayMs));
            double deviceRate = devices == 0 || dayMs == 0 ? 0 : Math.min(1, Math.max(0, deviceOnlineMs) / ((double) devices * dayMs));
            double completeness = expected == 0 ? 1 : Math.min(1, received / (double) expected);
            return new Figures(day, points, online, round(pointRate), devices, devicesOnline, round(deviceRate),
                    received, expected, round(completeness), new Figures.AlarmCounts(alarms[RED], alarms[ORANGE],
                    alarms[YELLOW], alarms[BLUE], alarms[FAULT], alarms[NO_DATA]));
        }

        private static double round(double r) { return Math.round(r * 10_000) / 10_000.0; }
    }

    // ---- persistence ----

    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        ObjectNode pts = root.putObject("points");
        for (Map.Entry<String, PointStat> e : points.entrySet()) {
            PointStat s = e.getValue();
            ObjectNode n = pts.putObject(e.getKey());
            n.put("until", s.until);
            n.put("newestDay", s.newestDay);
            var ring = n.putArray("ring");
            for (int i = 0; i < RECENT_DAYS; i++) ring.addArray().add(s.day[i]).add(s.count[i]);
        }
        ObjectNode dev = root.putObject("devices");
        deviceUntil.forEach(dev::put);
        ObjectNode ds = root.putObject("days");
        for (Map.Entry<LocalDate, Map<String, SiteDay>> d : days.entrySet()) {
            ObjectNode dn = ds.putObject(d.getKey().toString());
            for (Map.Entry<String, SiteDay> s : d.getValue().entrySet()) {
                ObjectNode sn = dn.putObject(s.getKey());
                sn.put("deviceOnlineMs", s.getValue().deviceOnlineMs);
                ObjectNode srcs = sn.putObject("sources");
                for (Map.Entry<String, SourceDay> src : s.getValue().sources.entrySet()) {
                    ObjectNode x = srcs.putObject(src.getKey());
                    x.put("onlineMs", src.getValue().onlineMs);
                    x.put("received", src.getValue().received);
                    x.put("heard", src.getValue().heard);
                    var a = x.putArray("alarms");
                    for (long v : src.getValue().alarms) a.add(v);
                }
            }
        }
        return root;
    }

    void clear() {
        points.clear();
        deviceUntil.clear();
        days.clear();
    }

    /** Restores counts written by {@link #toJson()}; throws IllegalArgumentException when they do not read. */
    void fromJson(JsonNode root) {
        if (root.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("format " + root.path("format") + " is not one this release reads (" + FORMAT + ")");
        }
        clear();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("points").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            PointStat s = new PointStat();
            s.until = e.getValue().path("until").asLong();
            s.newestDay = e.getValue().path("newestDay").asLong(Long.MIN_VALUE);
            JsonNode ring = e.getValue().path("ring");
            for (int i = 0; i < RECENT_DAYS && i < ring.size(); i++) {
                s.day[i] = ring.get(i).get(0).asLong();
                s.count[i] = ring.get(i).get(1).asLong();
            }
            points.put(e.getKey(), s);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("devices").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            deviceUntil.put(e.getKey(), e.getValue().asLong());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("days").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            LocalDate day = LocalDate.parse(d.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> st = d.getValue().fields(); st.hasNext(); ) {
                Map.Entry<String, JsonNode> s = st.next();
                SiteDay sd = siteDay(day, s.getKey());
                sd.deviceOnlineMs = s.getValue().path("deviceOnlineMs").asLong();
                for (Iterator<Map.Entry<String, JsonNode>> src = s.getValue().path("sources").fields(); src.hasNext(); ) {
                    Map.Entry<String, JsonNode> x = src.next();
                    SourceDay sday = sd.source(x.getKey());
                    sday.onlineMs = x.getValue().path("onlineMs").asLong();
                    sday.received = x.getValue().path("received").asLong();
                    sday.heard = x.getValue().path("heard").asLong();
                    JsonNode a = x.getValue().path("alarms");
                    for (int i = 0; i < 6 && i < a.size(); i++) sday.alarms[i] = a.get(i).asLong();
                }
            }
        }
    }
}
