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
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Active alarms, alarm history from the store, and acknowledgement by an operator. */
final class AlarmRoutes {
    private static final Logger audit = LoggerFactory.getLogger("io.hazardgate.audit");
    private static final Set<String> KINDS = Set.of("threshold", "trend", "no_data", "fault");
    private static final Set<String> COLOURS = Set.of("blue", "yellow", "orange", "red");
    static final int MAX_COMMENT = 1000;

    private final Supplier<List<Site>> sites;
    private final AlarmBoard board;
    private final StoreQueries store;
    private final AlarmAcknowledger acknowledger;
    private final OperatorAuth auth;
    private final OperatorCaller callers;
    private final Clock clock;

    AlarmRoutes(Supplier<List<Site>> sites, AlarmBoard board, StoreQueries store, AlarmAcknowledger acknowledger, OperatorAuth auth,
                OperatorCaller callers, Clock clock) {
        this.sites = sites;
        this.board = board;
        this.store = store;
        this.acknowledger = acknowledger;
        this.auth = auth;
        this.callers = callers;
        this.clock = clock;
    }

    void register(HttpRoutes routes) {
        routes.get("/api/alarms", HttpRoute.sync(this::active));
        routes.get("/api/alarms/history", this::history);
        routes.get("/api/alarms/{id}", HttpRoute.sync(r -> {
            AlarmEvent e = board.activeAlarm(r.param("id"));
            if (e == null) throw new ApiRequest.BadRequest(404, "no active alarm with id " + r.param("id"));
            return HttpResponseSpec.json(200, Json.bytes(JsonViews.alarm(e)));
        }));
        routes.post("/api/alarms/{id}/ack", this::acknowledge);
    }

    /** Active alarms, filtered by site, source, tag, kind and colour, in work order ({@link io.hazardgate.api.view.AlarmBoard#WORK_ORDER}). */
    private HttpResponseSpec active(ApiRequest r) {
        String site = r.query("site");
        String source = r.query("source");
        String tag = r.query("tag");
        String kind = checked(r, "kind", KINDS);
        String colour = checked(r, "colour", COLOURS);
        ArrayNode out = JsonViews.array();
        for (AlarmEvent e : board.active()) {
            if (site != null && !site.equals(e.site())) continue;
            if (source != null && !source.equals(e.source())) continue;
            if (tag != null && !tag.equals(e.tag())) continue;
            if (kind != null && !kind.equals(e.kind().wireName())) continue;
            if (colour != null && !colour.equals(e.colour().wireName())) continue;
            out.add(JsonViews.alarm(e));
        }
        return HttpResponseSpec.json(200, Json.bytes(out));
    }

    /** Alarm events between {@code from} and {@code to} (default: the last 24 h), newest first, from the store. */
    private CompletionStage<HttpResponseSpec> history(ApiRequest r) {
        long to = r.timeQuery("to", clock.millis());
        long from = r.timeQuery("from", to - 24 * 3_600_000L);
        if (from > to) throw new ApiRequest.BadRequest("'from' must not be after 'to'");
        StringBuilder where = new StringBuilder(" where timestamp >= ").append(StoreQueries.time(from))
                .append(" and timestamp <= ").append(StoreQueries.time(to));
        String site = r.query("site");
        if (site != null) {
            Site s = sites.get().stream().filter(x -> x.id().equals(site)).findFirst()
                    .orElseThrow(() -> new ApiRequest.BadRequest(404, "no such site: " + site));
            where.append(" and site = ").append(StoreQueries.quote(s.id()));
            String tag = r.query("tag");
            if (tag != null) {
                if (!s.sensorsByTag().containsKey(tag)) throw new ApiRequest.BadRequest(404, "no such sensor in site " + site + ": " + tag);
                where.append(" and tag = ").append(StoreQueries.quote(tag));
            }
        }
        String sql = "select id, seq, site, source, tag, rule, kind, level, colour, state, value, \"limit\", unit, readingTs,"
                + " timestamp, message from alarm_event" + where + " order by timestamp desc limit " + StoreQueries.MAX_ROWS;
        return store.query(sql).thenApply(json -> {
            ArrayNode out = JsonViews.array();
            JsonNode columns = json.path("columns");
            for (JsonNode row : json.path("dataset")) {
                ObjectNode n = out.addObject();
                for (int i = 0; i < columns.size(); i++) {
                    String name = columns.get(i).path("name").asText();
                    n.set(name.equals("timestamp") ? "eventTime" : name, row.get(i));
                }
            }
            return HttpResponseSpec.json(200, Json.bytes(out));
        });
    }

    /**
     * {@code POST /api/alarms/{id}/ack} with {@code {"comment": "..."}}, from a signed-in operator (Bearer
     * token) or with an operator's credentials (HTTP Basic).
     */
    private CompletionStage<HttpResponseSpec> acknowledge(ApiRequest r) {
        if (!auth.hasOperators()) {
            throw new ApiRequest.BadRequest(403, "no operator is configured: add a user with role operator to the gateway config");
        }
        String comment = comment(r);
        String id = r.param("id");
        AlarmEvent alarm = board.activeAlarm(id);
        String site = alarm == null ? null : alarm.site();
        return callers.of(r).thenCompose(caller -> {
            if (caller.operator() == null) return CompletableFuture.completedFuture(caller.refusal());
            if (!caller.mayAckSite().test(site)) {
                return CompletableFuture.completedFuture(HttpResponseSpec.error(403,
                        caller.operator() + " may not acknowledge alarms of site " + site));
            }
            String who = caller.operator();
            return acknowledger.acknowledge(id, who, comment).thenApply(result -> switch (result.outcome()) {
                case ACKNOWLEDGED -> {
                    // one line per acknowledgement, whatever the comment holds
                    audit.info("alarm {} acknowledged by {}: {}", AuditText.escape(id), AuditText.escape(who),
                            AuditText.escape(comment));
                    yield result.event() == null ? HttpResponseSpec.json(200, Json.bytes(Json.object("id", id, "state", "acknowledged")))
                            : HttpResponseSpec.json(200, Json.bytes(JsonViews.alarm(result.event())));
                }
                case UNKNOWN_ALARM -> HttpResponseSpec.error(404, result.message());
                case ALREADY_ACKNOWLEDGED -> HttpResponseSpec.error(409, result.message());
                case INVALID -> HttpResponseSpec.error(400, result.message());
            });
        });
    }

    /** The optional {@code {"comment": "..."}} body of an acknowledgement. */
    private static String comment(ApiRequest r) {
        if (r.body().length == 0) return "";
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiRequest.BadRequest("body must be JSON like {\"comment\": \"...\"}: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiRequest.BadRequest("body is not readable: " + e.getMessage());
        }
        if (!body.isObject()) throw new ApiRequest.BadRequest("body must be a JSON object like {\"comment\": \"...\"}");
        JsonNode c = body.path("comment");
        if (!c.isMissingNode() && !c.isNull() && !c.isTextual()) throw new ApiRequest.BadRequest("'comment' must be a string");
        String comment = c.asText("");
        if (comment.length() > MAX_COMMENT) throw new ApiRequest.BadRequest("'comment' is longer than " + MAX_COMMENT + " characters");
        return comment;
    }

    private static String checked(ApiRequest r, String name, Set<String> allowed) {
        String v = r.query(name);
        if (v != null && !allowed.contains(v)) {
            throw new ApiRequest.BadRequest("query parameter '" + name + "' must be one of " + new java.util.TreeSet<>(allowed) + ", got '" + v + "'");
        }
        return v;
    }
}
