package io.hazardgate.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.api.http.HttpResponseSpec;
import io.hazardgate.api.http.HttpRoutes;
import io.hazardgate.api.http.Json;
import io.hazardgate.api.view.AlarmBoard;
import io.hazardgate.api.view.AlarmViews;
import io.hazardgate.api.view.LiveReadings;
import io.hazardgate.api.view.ReadingPoint;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /api/overview}: the figures a duty room and a regulator look at first (docs/api.md): hazard
 * sources by colour, points by state, device and point online rates (在线率), alarms raised in the last
 * 24 h by colour, and the unacknowledged alarms with the oldest of them.
 */
final class OverviewRoutes {
    static final long DAY_MS = 24 * 3_600_000L;
    private static final String[] COLOURS = {"red", "orange", "yellow", "blue", "grey"};
    private static final String[] STATES = {"alarm", "fault", "no_data", "waiting", "normal"};

    private final LiveReadings live;
    private final AlarmBoard board;
    private final AlarmViews views;
    private final StoreQueries store;
    private final Clock clock;

    OverviewRoutes(LiveReadings live, AlarmBoard board, AlarmViews views, StoreQueries store, Clock clock) {
        this.live = live;
        this.board = board;
        this.views = views;
        this.store = store;
        this.clock = clock;
    }

    void register(HttpRoutes routes) {
        routes.get("/api/overview", r -> overview());
    }

    private CompletableFuture<HttpResponseSpec> overview() {
        long now = clock.millis();
        List<AlarmEvent> active = board.active();
        Map<String, AlarmEvent> worst = new HashMap<>();
        for (AlarmEvent e : active) worst.putIfAbsent(e.sensorKey(), e); // work order: the first per point is its worst

        ObjectNode out = JsonViews.object().put("now", now);
        Map<String, Integer> sourceColours = counter("red", "orange", "yellow", "blue", "green", "grey");
        Map<String, Integer> pointStates = counter(STATES);
        int points = 0;
        int pointsOnline = 0;
        int devices = 0;
        int devicesOnline = 0;
        int sources = 0;
        for (Site site : live.sites()) {
            Map<String, Boolean> deviceOnline = new LinkedHashMap<>();
            Map<String, Boolean> sourceQuiet = new HashMap<>();
            for (Sensor s : site.sensors()) {
                ReadingPoint latest = live.latest(site.id(), s.tag());
                String state = JsonViews.status(latest, worst.get(site.id() + "/" + s.tag()));
                pointStates.merge(state, 1, Integer::sum);
                points++;
                boolean online = !state.equals("no_data") && !state.equals("waiting");
                if (online) pointsOnline++;
                if (!s.device().isEmpty()) deviceOnline.merge(s.device(), online, Boolean::logicalOr);
                if (!online || state.equals("fault")) sourceQuiet.put(s.source(), true);
            }
            devices += deviceOnline.size();
            devicesOnline += (int) deviceOnline.values().stream().filter(b -> b).count();
            for (HazardSource h : site.hazardSources()) {
                sources++;
                RiskState risk = board.colour(site.id(), h.id());
                RiskColour c = risk == null ? RiskColour.GREEN : risk.colour();
                // as the cards show it: the live colour; grey when nothing is raised but a point is silent or faulty
                String colour = c != RiskColour.GREEN ? c.wireName() : sourceQuiet.getOrDefault(h.id(), false) ? "grey" : "green";
                sourceColours.merge(colour, 1, Integer::sum);
            }
        }
        out.putObject("sources").put("total", sources).set("byColour", JsonViews.counts(sourceColours));
        out.putObject("points").put("total", points).put("online", pointsOnline).put("onlineRate", rate(pointsOnline, points))
                .set("byState", JsonViews.counts(pointStates));
        out.putObject("devices").put("total", devices).put("online", devicesOnline).put("onlineRate", rate(devicesOnline, devices));

        int unacked = 0;
        int shelved = 0;
        AlarmEvent oldest = null;
        for (AlarmEvent e : active) {
            if (views.shelves().of(e) != null) shelved++;
            if (e.acknowledged()) continue;
            unacked++;
            if (oldest == null || e.raisedTs() < oldest.raisedTs()) oldest = e;
        }
        ObjectNode a = out.putObject("active").put("total", active.size()).put("unacknowledged", unacked).put("shelved", shelved);
        if (oldest == null) a.putNull("oldestUnacknowledged");
        else a.set("oldestUnacknowledged", views.json(oldest));

        return raisedToday(now).thenApply(counts -> {
            ObjectNode day = out.putObject("alarms24h");
            int total = 0;
            for (String c : COLOURS) {
                int n = counts.getOrDefault(c, 0);
                day.put(c, n);
                total += n;
            }
            day.put("total", total).put("source", store.available() ? "store" : "memory");
            return HttpResponseSpec.json(200, Json.bytes(out));
        });
    }

    /**
     * Alarm occurrences raised in the last 24 h, each counted once under the highest colour it reached
     * (no-data and faults as grey): from the store, which outlives restarts, or from what this gateway saw
     * since it started when the store is not the embedded one.
     */
    private CompletableFuture<Map<String, Integer>> raisedToday(long now) {
        if (!store.available()) return CompletableFuture.completedFuture(board.raisedSince(now - DAY_MS));
        String sql = "select kind, level, count() from (select id, kind, max(level) level from alarm_event where timestamp >= "
                + StoreQueries.time(now - DAY_MS) + " and timestamp <= " + StoreQueries.time(now)
                + " and state in ('raised', 'escalated') group by id, kind)";
        return store.query(sql).thenApply(json -> {
            Map<String, Integer> out = new HashMap<>();
            Set<String> hazard = new HashSet<>(List.of("threshold", "trend"));
            for (JsonNode row : json.path("dataset")) {
                String colour = hazard.contains(row.get(0).asText()) ? RiskColour.ofLevel(row.get(1).asInt()).wireName() : "grey";
                out.merge(colour, row.get(2).asInt(), Integer::sum);
            }
            return out;
        }).exceptionally(e -> board.raisedSince(now - DAY_MS));
    }

    private static Map<String, Integer> counter(String... keys) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String k : keys) m.put(k, 0);
        return m;
    }

    private static double rate(int part, int whole) {
        return whole == 0 ? 1.0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }
}
