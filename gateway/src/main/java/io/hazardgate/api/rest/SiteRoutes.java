package io.hazardgate.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.api.http.ApiRequest;
import io.hazardgate.api.http.HttpResponseSpec;
import io.hazardgate.api.http.HttpRoute;
import io.hazardgate.api.http.HttpRoutes;
import io.hazardgate.api.http.Json;
import io.hazardgate.api.view.AlarmBoard;
import io.hazardgate.api.view.AlarmViews;
import io.hazardgate.api.view.LiveReadings;
import io.hazardgate.api.view.ReadingPoint;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.site.SiteLayout;
import io.hazardgate.record.AlarmEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Sites, hazard sources and sensors with their latest values and alarm state; a sensor's readings over
 * a range (raw, or averaged per step for long ranges, and for a rain gauge its rolling sum); a site's
 * plant layout.
 */
final class SiteRoutes {
    /** Most points a stepped range returns: a week at ten minutes is 1,008. */
    static final int MAX_STEPS = 5_000;

    private final LiveReadings live;
    private final AlarmBoard board;
    private final AlarmViews views;
    private final StoreQueries store;
    private final BiFunction<String, String, Double> judged;
    private final Clock clock;

    /** @param judged what the rules last judged for a point when that is not its reading (a rain gauge's 24 h sum), or NaN */
    SiteRoutes(LiveReadings live, AlarmBoard board, AlarmViews views, StoreQueries store, BiFunction<String, String, Double> judged,
               Clock clock) {
        this.live = live;
        this.board = board;
        this.views = views;
        this.store = store;
        this.judged = judged;
        this.clock = clock;
    }

    void register(HttpRoutes routes) {
        routes.get("/api/sites", HttpRoute.sync(r -> {
            ArrayNode out = JsonViews.array();
            for (Site s : live.sites()) out.add(site(s, false));
            return HttpResponseSpec.json(200, Json.bytes(out));
        }));
        routes.get("/api/sites/{site}", HttpRoute.sync(r -> HttpResponseSpec.json(200, Json.bytes(site(site(r), true)))));
        routes.get("/api/sites/{site}/sensors", HttpRoute.sync(r -> {
            Site s = site(r);
            return HttpResponseSpec.json(200, Json.bytes(sensors(s, worstByTag(s.id()))));
        }));
        routes.get("/api/sites/{site}/sensors/{tag}", HttpRoute.sync(r -> {
            Site s = site(r);
            Sensor sensor = sensor(s, r.param("tag"));
            ObjectNode n = sensorJson(s, sensor, worstByTag(s.id()).get(sensor.tag()));
            ArrayNode alarms = n.putArray("activeAlarms");
            for (AlarmEvent e : board.active()) {
                if (e.site().equals(s.id()) && e.tag().equals(sensor.tag())) alarms.add(views.json(e));
            }
            return HttpResponseSpec.json(200, Json.bytes(n));
        }));
        routes.get("/api/sites/{site}/sensors/{tag}/readings", this::readings);
        routes.get("/api/sites/{site}/layout", HttpRoute.sync(r -> {
            Site s = site(r);
            SiteLayout layout = s.layout();
            if (layout == null) throw new ApiRequest.BadRequest(404, "site " + s.id() + " has no layout (docs/site-file.md, \"layout\")");
            ObjectNode n = JsonViews.object().put("site", s.id()).put("image", "/api/sites/" + s.id() + "/layout/image")
                    .put("contentType", layout.contentType());
            ObjectNode points = n.putObject("points");
            layout.points().forEach((tag, xy) -> points.putArray(tag).add(xy[0]).add(xy[1]));
            return HttpResponseSpec.json(200, Json.bytes(n));
        }));
        routes.get("/api/sites/{site}/layout/image", HttpRoute.sync(r -> layoutImage(site(r))));
    }

    /**
     * The layout picture, from memory, with its content type fixed by its kind. A picture is shown in an
     * {@code <img>}, where an SVG's scripts never run; opened on its own, an SVG is a document of this
     * origin, so it is served sandboxed, with no script, no plug-in and nothing fetched from anywhere.
     */
    private static HttpResponseSpec layoutImage(Site s) {
        SiteLayout layout = s.layout();
        if (layout == null) throw new ApiRequest.BadRequest(404, "site " + s.id() + " has no layout");
        HttpResponseSpec out = new HttpResponseSpec(200, layout.contentType(), layout.image()).withHeader("Cache-Control", "no-cache");
        return layout.isSvg()
                ? out.withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
                        .withHeader("Content-Disposition", "inline; filename=\"layout.svg\"")
                : out;
    }

    /**
     * Readings of a sensor between {@code from} and {@code to} (default: the last hour), in engineering
     * units: from memory for the part memory holds completely, from the store for anything older
     * (docs/api.md). With {@code step} (seconds) one averaged point per step, with its minimum and maximum,
     * for long ranges. A point whose rules judge a sum over a window (a rain gauge's 24 h) also gets
     * {@code sum}: that rolling sum, as the rules judge it, per half-hour bucket of the window.
     */
    private CompletableFuture<HttpResponseSpec> readings(ApiRequest r) {
        Site s = site(r);
        Sensor sensor = sensor(s, r.param("tag"));
        long to = r.timeQuery("to", clock.millis());
        long from = r.timeQuery("from", to - 3_600_000L);
        if (from > to) throw new ApiRequest.BadRequest("'from' must not be after 'to'");
        long step = stepMillis(r, from, to);
        long memoryFrom = Math.max(from, live.completeSince(s.id(), sensor.tag()));
        List<ReadingPoint> recent = memoryFrom <= to ? live.between(s.id(), sensor.tag(), memoryFrom, to) : List.of();
        CompletableFuture<List<ReadingPoint>> older = memoryFrom <= from ? CompletableFuture.completedFuture(List.of())
                : stored(s, sensor, from, Math.min(to, memoryFrom - 1), step);
        CompletableFuture<Map<Long, double[]>> sums = sensor.rules().accumulates()
                ? buckets(s, sensor, from - sensor.rules().accumulate().toMillis(), to, memoryFrom)
                : CompletableFuture.completedFuture(null);
        String source = memoryFrom <= from ? "memory" : recent.isEmpty() ? "store" : "store+memory";
        return older.thenCombine(sums, (old, bucketSums) -> {
            ObjectNode out = JsonViews.object().put("site", s.id()).put("tag", sensor.tag()).put("from", from).put("to", to)
                    .put("source", source).put("unit", sensor.unit());
            if (step > 0) out.put("step", step);
            ArrayNode points = out.putArray("points");
            for (ReadingPoint p : old) points.add(JsonViews.point(p));
            if (step > 0) {
                for (double[] b : stepped(recent, step).values()) {
                    points.addObject().put("ts", (long) b[0]).put("value", b[1] / b[4]).put("min", b[2]).put("max", b[3])
                            .put("quality", JsonViews.quality((int) b[5]));
                }
            } else {
                for (ReadingPoint p : recent) points.add(JsonViews.point(p));
            }
            if (bucketSums != null) sumSeries(out, sensor, bucketSums, from);
            return HttpResponseSpec.json(200, Json.bytes(out));
        });
    }

    /** {@code step} in seconds as milliseconds; 0 for raw readings. Too many steps for the range is refused. */
    private static long stepMillis(ApiRequest r, long from, long to) {
        String v = r.query("step");
        if (v == null) return 0;
        long seconds;
        try {
            seconds = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ApiRequest.BadRequest("query parameter 'step' must be whole seconds, got '" + (v.length() > 20 ? v.substring(0, 20) : v) + "'");
        }
        if (seconds < 1 || seconds > 86_400) throw new ApiRequest.BadRequest("query parameter 'step' must be 1 to 86400 seconds, got " + seconds);
        if ((to - from) / (seconds * 1000) > MAX_STEPS) {
            throw new ApiRequest.BadRequest("'step' of " + seconds + " s makes more than " + MAX_STEPS + " points over this range: take a longer step");
        }
        return seconds * 1000;
    }

    /** Readings from the store, converted to engineering values; averaged per step when one is given. */
    private CompletableFuture<List<ReadingPoint>> stored(Site s, Sensor sensor, long from, long to, long step) {
        String tag = sensor.derived() ? sensor.conversion().from() : sensor.tag();
        Sensor source = sensor.derived() ? s.sensorsByTag().get(tag) : null;
        String where = " from reading where site = " + StoreQueries.quote(s.id()) + " and tag = " + StoreQueries.quote(tag)
                + " and timestamp >= " + StoreQueries.time(from) + " and timestamp <= " + StoreQueries.time(to);
        String q = step > 0
                ? "select timestamp, avg(value), min(value), max(value), max(quality)" + where + " sample by " + step / 1000 + "s align to calendar"
                : "select timestamp, value, quality" + where + " order by timestamp limit " + StoreQueries.MAX_ROWS;
        return store.query(q).thenApply(json -> {
            List<ReadingPoint> out = new ArrayList<>();
            for (JsonNode row : json.path("dataset")) {
                double v = convert(sensor, source, row.get(1).asDouble());
                if (step > 0) {
                    double a = convert(sensor, source, row.get(2).asDouble());
                    double b = convert(sensor, source, row.get(3).asDouble());
                    out.add(new ReadingPoint(Instant.parse(row.get(0).asText()).toEpochMilli(), v, row.get(4).asInt(), Math.min(a, b), Math.max(a, b)));
                } else {
                    out.add(new ReadingPoint(Instant.parse(row.get(0).asText()).toEpochMilli(), v, row.get(2).asInt()));
                }
            }
            return out;
        });
    }

    private static double convert(Sensor sensor, Sensor source, double raw) {
        double v = source == null ? raw : LiveReadings.engineering(source, raw);
        return LiveReadings.engineering(sensor, v);
    }

    /** Memory points averaged per step: start → {start, sum, min, max, count, worst quality}. */
    private static Map<Long, double[]> stepped(List<ReadingPoint> points, long step) {
        Map<Long, double[]> out = new TreeMap<>();
        for (ReadingPoint p : points) {
            long start = Math.floorDiv(p.ts(), step) * step;
            double[] b = out.computeIfAbsent(start, k -> new double[] {k, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0});
            b[1] += p.value();
            b[2] = Math.min(b[2], p.value());
            b[3] = Math.max(b[3], p.value());
            b[4]++;
            b[5] = Math.max(b[5], p.quality());
        }
        return out;
    }

    /**
     * The increments of an accumulating point per bucket of its window (a 48th of it, as the rules keep
     * it): bucket index → {sum, time of its newest reading}; from the store, and from memory for what
     * memory holds completely.
     */
    private CompletableFuture<Map<Long, double[]>> buckets(Site s, Sensor sensor, long from, long to, long memoryFrom) {
        long bucket = bucketMillis(sensor);
        Map<Long, double[]> out = new TreeMap<>();
        for (ReadingPoint p : live.between(s.id(), sensor.tag(), Math.max(from, memoryFrom), to)) add(out, bucket, p.ts(), p.value());
        if (memoryFrom <= from) return CompletableFuture.completedFuture(out);
        // the store sums each bucket itself: a week of a 10 s gauge is 60,000 readings, 336 buckets
        String q = "select timestamp, sum(value), count(), max(timestamp) from reading where site = " + StoreQueries.quote(s.id())
                + " and tag = " + StoreQueries.quote(sensor.tag()) + " and timestamp >= " + StoreQueries.time(from) + " and timestamp <= "
                + StoreQueries.time(Math.min(to, memoryFrom - 1)) + " sample by " + Math.max(1, bucket / 1000) + "s align to calendar";
        double scale = sensor.conversion().scale();
        double offset = sensor.conversion().offset();
        return store.query(q).thenApply(json -> {
            for (JsonNode row : json.path("dataset")) {
                long start = Instant.parse(row.get(0).asText()).toEpochMilli();
                double[] b = out.computeIfAbsent(Math.floorDiv(start, bucket), k -> new double[] {0, Long.MIN_VALUE});
                b[0] += scale * row.get(1).asDouble() + offset * row.get(2).asLong();
                b[1] = Math.max(b[1], Instant.parse(row.get(3).asText()).toEpochMilli());
            }
            return out;
        });
    }

    static long bucketMillis(Sensor sensor) {
        return Math.max(1, sensor.rules().accumulate().toMillis() / 48);
    }

    private static void add(Map<Long, double[]> buckets, long bucket, long ts, double v) {
        double[] b = buckets.computeIfAbsent(Math.floorDiv(ts, bucket), k -> new double[] {0, Long.MIN_VALUE});
        b[0] += v;
        b[1] = Math.max(b[1], ts);
    }

    /** {@code sum}: for each bucket that holds a reading, at its newest reading, the sum over the window ending there. */
    private static void sumSeries(ObjectNode out, Sensor sensor, Map<Long, double[]> buckets, long from) {
        out.put("sumWindowSeconds", sensor.rules().accumulate().toSeconds());
        ArrayNode sums = out.putArray("sum");
        List<Long> keys = new ArrayList<>(buckets.keySet());
        double total = 0;
        int first = 0;
        for (int i = 0; i < keys.size(); i++) {
            long bi = keys.get(i);
            total += buckets.get(bi)[0];
            while (keys.get(first) <= bi - 48) total -= buckets.get(keys.get(first++))[0];
            long ts = (long) buckets.get(bi)[1];
            if (ts >= from) sums.addObject().put("ts", ts).put("value", Math.max(0, Math.round(total * 1e6) / 1e6));
        }
    }

    private ObjectNode site(Site s, boolean withSensors) {
        ObjectNode n = JsonViews.object().put("id", s.id()).put("name", s.name()).put("sensorCount", s.sensors().size());
        n.set("names", JsonViews.names(s.names()));
        n.put("layout", s.layout() != null);
        ArrayNode sources = n.putArray("hazardSources");
        for (HazardSource h : s.hazardSources()) {
            int count = (int) s.sensors().stream().filter(x -> x.source().equals(h.id())).count();
            sources.add(JsonViews.hazardSource(s.id(), h, board.colour(s.id(), h.id()), count));
        }
        ArrayNode devices = n.putArray("devices");
        for (var d : s.devices()) devices.addObject().put("id", d.id()).set("names", JsonViews.names(d.names()));
        if (withSensors) n.set("sensors", sensors(s, worstByTag(s.id())));
        return n;
    }

    private ArrayNode sensors(Site s, Map<String, AlarmEvent> worst) {
        ArrayNode out = JsonViews.array();
        for (Sensor sensor : s.sensors()) out.add(sensorJson(s, sensor, worst.get(sensor.tag())));
        return out;
    }

    private ObjectNode sensorJson(Site s, Sensor sensor, AlarmEvent worst) {
        double j = sensor.rules().accumulates() ? judged.apply(s.id(), sensor.tag()) : Double.NaN;
        return JsonViews.sensor(s.id(), sensor, live.latest(s.id(), sensor.tag()), j, worst, worst == null ? null : views.json(worst));
    }

    /** The most severe active alarm of each tag of a site (hazards before faults at equal level). */
    private Map<String, AlarmEvent> worstByTag(String site) {
        Map<String, AlarmEvent> out = new HashMap<>();
        for (AlarmEvent e : board.active()) { // already in work order: the first seen per tag is the worst
            if (e.site().equals(site)) out.putIfAbsent(e.tag(), e);
        }
        return out;
    }

    private Site site(ApiRequest r) {
        String id = r.param("site");
        Site s = live.site(id);
        if (s == null) throw new ApiRequest.BadRequest(404, "no such site: " + id);
        return s;
    }

    private static Sensor sensor(Site s, String tag) {
        Sensor sensor = s.sensorsByTag().get(tag);
        if (sensor == null) throw new ApiRequest.BadRequest(404, "no such sensor in site " + s.id() + ": " + tag);
        return sensor;
    }
}
