package io.hazardgate.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.api.http.ApiRequest;
import io.hazardgate.api.http.HttpResponseSpec;
import io.hazardgate.api.http.HttpRoute;
import io.hazardgate.api.http.HttpRoutes;
import io.hazardgate.api.http.Json;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.response.AckLinks;
import io.hazardgate.response.AlarmResponse;
import io.hazardgate.response.DeliveryRecord;
import io.hazardgate.response.Handover;
import io.hazardgate.response.ShiftHandover;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm response over HTTP (docs/api.md, docs/response.md): the delivery record of an alarm and of a
 * period, who is on duty, shift hand-over by the incoming operator, and the pages behind acknowledgement
 * links. A link's page ({@code GET /ack/{token}}) only shows what the link would do; the acknowledgement
 * is its form's {@code POST}, because mail scanners and chat previews open links by themselves.
 */
final class ResponseRoutes {
    private static final Logger audit = LoggerFactory.getLogger("io.hazardgate.audit");
    static final int MAX_ROWS = 1000;

    private final AlarmResponse response;
    private final OperatorCaller callers;
    private final Clock clock;

    ResponseRoutes(AlarmResponse response, OperatorCaller callers, Clock clock) {
        this.response = response;
        this.callers = callers;
        this.clock = clock;
    }

    void register(HttpRoutes routes) {
        routes.get("/api/alarms/{id}/deliveries", HttpRoute.sync(r -> HttpResponseSpec.json(200, Json.bytes(records(response.deliveries(r.param("id")))))));
        routes.get("/api/deliveries", HttpRoute.sync(this::period));
        routes.get("/api/duty", HttpRoute.sync(this::duty));
        routes.post("/api/handover", this::handover);
        routes.get("/ack/{token}", HttpRoute.sync(r -> page(r.param("token"))));
        routes.post("/ack/{token}", this::useLink);
    }

    /** The notices of a period, or with {@code alarm=} those of one alarm or monitoring item (whose key holds slashes). */
    private HttpResponseSpec period(ApiRequest r) {
        String alarm = r.query("alarm");
        if (alarm != null) return HttpResponseSpec.json(200, Json.bytes(records(response.deliveries(alarm))));
        long to = r.timeQuery("to", clock.millis());
        long from = r.timeQuery("from", to - 24 * 3_600_000L);
        if (from > to) throw new ApiRequest.BadRequest("'from' must not be after 'to'");
        return HttpResponseSpec.json(200, Json.bytes(records(response.deliveries(from, to, r.query("site"), MAX_ROWS))));
    }

    /** Delivery records with addresses partly masked: the record proves who was told, it does not publish their numbers. */
    static ArrayNode records(List<DeliveryRecord> list) {
        ArrayNode out = JsonViews.array();
        for (DeliveryRecord d : list) {
            ObjectNode n = Json.MAPPER.valueToTree(d);
            n.put("address", mask(d.address()));
            out.add(n);
        }
        return out;
    }

    static String mask(String a) {
        if (a == null || a.isEmpty()) return "";
        int at = a.indexOf('@');
        if (at > 0) return a.charAt(0) + "***" + a.substring(at);
        if (a.length() <= 4) return "****";
        return a.substring(0, Math.min(3, a.length() - 4)) + "****" + a.substring(a.length() - 4);
    }

    private HttpResponseSpec duty(ApiRequest r) {
        String site = r.query("site");
        if (site == null) throw new ApiRequest.BadRequest("query parameter 'site' is required");
        ShiftHandover.Duty d = response.shifts().duty(site);
        if (d == null) throw new ApiRequest.BadRequest(404, "site " + site + " has no duty roster");
        ObjectNode n = Json.MAPPER.valueToTree(d);
        n.set("handovers", Json.MAPPER.valueToTree(response.shifts().handovers(site, 10)));
        return HttpResponseSpec.json(200, Json.bytes(n));
    }

    /**
     * {@code POST /api/handover} with {@code {"site": "...", "comment": "..."}}, from the incoming operator
     * (signed in, or HTTP Basic).
     */
    private CompletionStage<HttpResponseSpec> handover(ApiRequest r) {
        JsonNode body = body(r);
        String site = body.path("site").asText("");
        if (site.isEmpty()) throw new ApiRequest.BadRequest("'site' is required");
        String comment = body.path("comment").asText("");
        if (comment.length() > AlarmRoutes.MAX_COMMENT) throw new ApiRequest.BadRequest("'comment' is longer than " + AlarmRoutes.MAX_COMMENT + " characters");
        return callers.of(r).thenCompose(caller -> {
            if (caller.operator() == null) return CompletableFuture.completedFuture(caller.refusal());
            if (!caller.mayAckSite().test(site)) {
                return CompletableFuture.completedFuture(HttpResponseSpec.error(403, caller.operator() + " may not take over site " + site));
            }
            String user = caller.operator();
            return response.shifts().handover(site, user, comment).thenApply(res -> {
                if (!res.outcome().equals("ok")) return HttpResponseSpec.error(403, res.reason());
                Handover h = res.handover();
                audit.info("site {}: shift {} taken over by {}; {} alarms acknowledged", site, h.shift(), user, h.acknowledged().size());
                return HttpResponseSpec.json(200, Json.bytes(h));
            });
        });
    }

    private static JsonNode body(ApiRequest r) {
        try {
            JsonNode n = r.body().length == 0 ? null : Json.MAPPER.readTree(r.body());
            if (n == null || !n.isObject()) throw new ApiRequest.BadRequest("body must be a JSON object like {\"site\": \"demo\"}");
            return n;
        } catch (IOException e) {
            throw new ApiRequest.BadRequest("body must be JSON: " + e.getMessage());
        }
    }

    private HttpResponseSpec page(String token) {
        AckLinks.LinkInfo info = response.links().link(token);
        return switch (info.state()) {
            case "valid" -> {
                AlarmEvent e = info.event();
                String what = info.alarm().startsWith("risk:") ? "监测项预警 / monitoring item warning " + info.alarm().substring(5)
                        : e == null ? info.alarm() + " (no longer active)"
                        : e.tag() + " · " + e.colour().wireName() + " · " + e.message();
                yield html(200, "确认报警 / Acknowledge alarm",
                        "<p>" + esc(what) + "</p><p>确认人 / by: <b>" + esc(info.personName()) + "</b></p>"
                                + "<form method=\"post\"><button type=\"submit\">确认报警 / Acknowledge</button></form>"
                                + "<p class=\"note\">此链接仅可使用一次 / this link works once.</p>");
            }
            case "used" -> html(410, "链接已使用 / Link used", "<p>此链接已使用过。每个链接只能确认一次。<br>This link has been used already.</p>");
            case "expired" -> html(410, "链接已过期 / Link expired", "<p>此链接已过期。<br>This link has expired.</p>");
            default -> html(404, "无效链接 / No such link", "<p>无效链接。<br>No such link.</p>");
        };
    }

    private CompletionStage<HttpResponseSpec> useLink(ApiRequest r) {
        boolean json = r.header("Accept") != null && r.header("Accept").contains("application/json");
        return response.links().acknowledge(r.param("token")).thenApply(res -> {
            int status = switch (res.outcome()) {
                case "acknowledged" -> 200;
                case "already_acknowledged" -> 409;
                case "used", "expired", "not_active" -> 410;
                default -> 404;
            };
            if (res.outcome().equals("acknowledged")) audit.info("alarm {} acknowledged by {} through a reply link", res.alarm(), res.personName());
            if (json) {
                ObjectNode n = JsonViews.object().put("outcome", res.outcome()).put("alarm", res.alarm()).put("by", res.personName())
                        .put("message", res.message()).put("status", status);
                return HttpResponseSpec.json(status, Json.bytes(n));
            }
            return switch (res.outcome()) {
                case "acknowledged" -> html(200, "已确认 / Acknowledged", "<p>报警 " + esc(res.alarm()) + " 已由 " + esc(res.personName())
                        + " 确认。<br>Alarm acknowledged.</p>");
                case "already_acknowledged" -> html(409, "已确认 / Already acknowledged", "<p>" + esc(res.message()) + "</p>");
                case "not_active" -> html(410, "报警已结束 / Alarm ended", "<p>" + esc(res.message()) + "</p>");
                case "used" -> html(410, "链接已使用 / Link used", "<p>此链接已使用过。每个链接只能确认一次。<br>This link has been used already.</p>");
                case "expired" -> html(410, "链接已过期 / Link expired", "<p>此链接已过期。<br>This link has expired.</p>");
                default -> html(404, "无效链接 / No such link", "<p>无效链接。<br>No such link.</p>");
            };
        });
    }

    private static HttpResponseSpec html(int status, String title, String body) {
        String page = "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<meta name=\"referrer\" content=\"no-referrer\"><title>" + esc(title) + "</title>"
                + "<style>body{font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em}button{font-size:1.2em;padding:.5em 1.5em}"
                + ".note{color:#666}</style></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
        return new HttpResponseSpec(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8))
                .withHeader("Cache-Control", "no-store").withHeader("Referrer-Policy", "no-referrer")
                .withHeader("X-Frame-Options", "DENY").withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
