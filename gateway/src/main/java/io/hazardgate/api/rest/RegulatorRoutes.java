package io.hazardgate.api.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.api.http.ApiRequest;
import io.hazardgate.api.http.HttpResponseSpec;
import io.hazardgate.api.http.HttpRoute;
import io.hazardgate.api.http.HttpRoutes;
import io.hazardgate.api.http.Json;
import io.hazardgate.config.site.Site;
import io.hazardgate.uplink.UplinkStatus;
import io.hazardgate.uplink.Uplinks;
import io.hazardgate.uplink.stats.Figures;
import io.hazardgate.uplink.stats.SiteFigures;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the gateway reports to regulators: {@code /api/uplinks} (each platform's state and lag) and
 * {@code /api/statistics} (online rates, completeness and alarms by colour per site, hazard source and
 * day; docs/uplink.md).
 */
public final class RegulatorRoutes {
    /** Most days one request may ask for: the days kept. */
    static final int MAX_DAYS = 32;

    private final Uplinks uplinks;
    private final Supplier<List<Site>> sites;

    public RegulatorRoutes(Uplinks uplinks, Supplier<List<Site>> sites) {
        this.uplinks = uplinks;
        this.sites = sites;
    }

    public void register(HttpRoutes routes) {
        routes.get("/api/uplinks", HttpRoute.sync(r -> {
            ArrayNode out = JsonViews.array();
            for (UplinkStatus u : uplinks.status()) {
                ObjectNode n = out.addObject();
                n.put("name", u.name());
                n.put("kind", u.kind());
                n.put("target", u.target());
                n.put("state", u.state());
                n.put("lagRecords", u.lagRecords());
                n.put("lagSeconds", u.lagSeconds());
                n.put("lastError", u.lastError());
                n.put("lastSentAt", u.lastSentAt());
                n.put("messagesSent", u.messagesSent());
                n.put("readingsSent", u.readingsSent());
            }
            return HttpResponseSpec.json(200, Json.bytes(out));
        }));
        routes.get("/api/statistics", HttpRoute.sync(r -> {
            LocalDate day = day(r);
            ArrayNode out = JsonViews.array();
            for (Site s : sites.get()) out.add(json(uplinks.statistics().figures(s.id(), day)));
            return HttpResponseSpec.json(200, Json.bytes(out));
        }));
        routes.get("/api/statistics/{site}", HttpRoute.sync(r -> {
            String id = r.param("site");
            if (sites.get().stream().noneMatch(s -> s.id().equals(id))) throw new ApiRequest.BadRequest(404, "no site '" + id + "'");
            int days = days(r);
            LocalDate today = uplinks.statistics().today();
            ArrayNode out = JsonViews.array();
            for (int i = days - 1; i >= 0; i--) out.add(json(uplinks.statistics().figures(id, today.minusDays(i))));
            return HttpResponseSpec.json(200, Json.bytes(out));
        }));
    }

    private LocalDate day(ApiRequest r) {
        String d = r.query("day");
        if (d == null || d.isBlank()) return uplinks.statistics().today();
        try {
            return LocalDate.parse(d);
        } catch (DateTimeParseException e) {
            throw new ApiRequest.BadRequest("query parameter 'day' must be a date such as 2024-05-01, got '" + d + "'");
        }
    }

    private static int days(ApiRequest r) {
        String d = r.query("days");
        if (d == null || d.isBlank()) return 7;
        try {
            int n = Integer.parseInt(d);
            if (n >= 1 && n <= MAX_DAYS) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ApiRequest.BadRequest("query parameter 'days' must be 1.." + MAX_DAYS + ", got '" + d + "'");
    }

    static ObjectNode json(SiteFigures f) {
        ObjectNode n = JsonViews.object();
        n.put("site", f.site());
        n.put("day", f.day().toString());
        figures(n.putObject("total"), f.total());
        ObjectNode sources = n.putObject("sources");
        for (Map.Entry<String, Figures> e : f.sources().entrySet()) figures(sources.putObject(e.getKey()), e.getValue());
        return n;
    }

    private static void figures(ObjectNode n, Figures f) {
        ObjectNode p = n.putObject("points");
        p.put("total", f.pointsTotal());
        p.put("online", f.pointsOnline());
        p.put("onlineRate", f.pointOnlineRate());
        if (f.devicesTotal() > 0) {
            ObjectNode d = n.putObject("devices");
            d.put("total", f.devicesTotal());
            d.put("online", f.devicesOnline());
            d.put("onlineRate", f.deviceOnlineRate());
        }
        ObjectNode r = n.putObject("readings");
        r.put("received", f.received());
        r.put("expected", f.expected());
        n.put("completeness", f.completeness());
        ObjectNode a = n.putObject("alarms");
        a.put("red", f.alarms().red());
        a.put("orange", f.alarms().orange());
        a.put("yellow", f.alarms().yellow());
        a.put("blue", f.alarms().blue());
        a.put("fault", f.alarms().fault());
        a.put("noData", f.alarms().noData());
        a.put("total", f.alarms().total());
    }
}
