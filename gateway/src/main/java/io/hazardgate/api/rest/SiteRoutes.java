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
import io.hazardgate.api.view.LiveReadings;
import io.hazardgate.api.view.ReadingPoint;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Sites, hazard sources and sensors with their latest values and alarm state; a sensor's recent readings. */
final class SiteRoutes {
    private final LiveReadings live;
    private final AlarmBoard board;
    private final StoreQueries store;
    private final Clock clock;

    SiteRoutes(LiveReadings live, AlarmBoard board, StoreQueries store, Clock clock) {
        this.live = live;
        this.board = board;
        this.store = store;
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
            ObjectNode n = JsonViews.sensor(s.id(), sensor, live.latest(s.id(), sensor.tag()),
                    worstByTag(s.id()).get(sensor.tag()));
            ArrayNode alarms = n.putArray("activeAlarms");
            for (AlarmEvent e : board.active()) {
                if (e.site().equals(s.id()) && e.tag().equals(sensor.tag())) alarms.add(JsonViews.alarm(e));
            }
            return HttpResponseSpec.json(200, Json.bytes(n));
        }));
        routes.get("/api/sites/{site}/sensors/{tag}/readings", this::readings);
    }

    /**
     * Readings of a sensor between {@code from} and {@code to} (default: the last hour): from memory for
     * the part memory holds completely, from the store for anything older (docs/api.md).
     */
    private CompletableFuture<HttpResponseSpec> readings(ApiRequest r) {
        Site s = site(r);
        Sensor sensor = sensor(s, r.param("tag"));
        long to = r.timeQuery("to", clock.millis());
        long from = r.timeQuery("from", to - 3_600_000L);
        if (from > to) throw new ApiRequest.BadRequest("'from' must not be after 'to'");
        long memoryFrom = Math.max(from, live.completeSince(s.id(), sensor.tag()));
        List<ReadingPoint> recent = memoryFrom <= to ? live.between(s.id(), sensor.tag(), memoryFrom, to) : List.of();
        if (memoryFrom <= from) return CompletableFuture.completedFuture(readingsAnswer(s, sensor, from, to, "memory", List.of(), recent));
        long storeTo = Math.min(to, memoryFrom - 1);
        String q = "select timestamp, value, quality from reading where site = " + StoreQueries.quote(s.id())
                + " and tag = " + StoreQueries.quote(sensor.tag()) + " and timestamp >= " + StoreQueries.time(from)
                + " and timestamp <= " + StoreQueries.time(storeTo) + " order by timestamp limit " + StoreQueries.MAX_ROWS;
        return store.query(q).thenApply(json -> {
            List<ReadingPoint> older = new java.util.ArrayList<>();
            for (JsonNode row : json.path("dataset")) {
                older.add(new ReadingPoint(java.time.Instant.parse(row.get(0).asText()).toEpochMilli(), row.get(1).asDouble(),
                        row.get(2).asInt()));
            }
            return readingsAnswer(s, sensor, from, to, recent.isEmpty() ? "store" : "store+memory", older, recent);
        });
    }

    private static HttpResponseSpec readingsAnswer(Site s, Sensor sensor, long from, long to, String source,
                                                   List<ReadingPoint> older, List<ReadingPoint> recent) {
        ObjectNode out = JsonViews.object().put("site", s.id()).put("tag", sensor.tag()).put("from", from).put("to", to)
                .put("source", source);
        ArrayNode points = out.putArray("points");
        for (ReadingPoint p : older) points.add(JsonViews.point(p));
        for (ReadingPoint p : recent) points.add(JsonViews.point(p));
        return HttpResponseSpec.json(200, Json.bytes(out));
    }

    private ObjectNode site(Site s, boolean withSensors) {
        ObjectNode n = JsonViews.object().put("id", s.id()).put("name", s.name()).put("sensorCount", s.sensors().size());
        ArrayNode sources = n.putArray("hazardSources");
        for (HazardSource h : s.hazardSources()) {
            int count = (int) s.sensors().stream().filter(x -> x.source().equals(h.id())).count();
            sources.add(JsonViews.hazardSource(s.id(), h, board.colour(s.id(), h.id()), count));
        }
        if (withSensors) n.set("sensors", sensors(s, worstByTag(s.id())));
        return n;
    }

    private ArrayNode sensors(Site s, Map<String, AlarmEvent> worst) {
        ArrayNode out = JsonViews.array();
        for (Sensor sensor : s.sensors()) {
            out.add(JsonViews.sensor(s.id(), sensor, live.latest(s.id(), sensor.tag()), worst.get(sensor.tag())));
        }
        return out;
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
        for (Site s : live.sites()) {
            if (s.id().equals(id)) return s;
        }
        throw new ApiRequest.BadRequest(404, "no such site: " + id);
    }

    private static Sensor sensor(Site s, String tag) {
        Sensor sensor = s.sensorsByTag().get(tag);
        if (sensor == null) throw new ApiRequest.BadRequest(404, "no such sensor in site " + s.id() + ": " + tag);
        return sensor;
    }
}
