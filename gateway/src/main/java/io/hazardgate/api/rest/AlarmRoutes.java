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
import io.hazardgate.api.view.AuditText;
import io.hazardgate.api.view.Shelves;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active alarms, the alarm journal from the store, and what an operator does with alarms: acknowledge
 * (one or several at once) and shelve (docs/api.md).
 */
final class AlarmRoutes {
    private static final Logger audit = LoggerFactory.getLogger("io.hazardgate.audit");
    private static final Set<String> KINDS = Set.of("threshold", "trend", "no_data", "fault");
    private static final Set<String> COLOURS = Set.of("blue", "yellow", "orange", "red", "grey");
    private static final Set<String> STATES = Set.of("raised", "escalated", "deescalated", "cleared", "acknowledged", "flapping",
            "settled", "ack_overdue");
    /** Journal sort keys and the store's columns behind them. */
    private static final Map<String, String> SORTS = Map.of("time", "timestamp", "level", "level", "site", "site", "source", "source",
            "tag", "tag", "kind", "kind", "state", "state", "colour", "level");
    static final int MAX_COMMENT = 1000;
    /** Most alarms one request acknowledges: a screenful, not the whole plant by accident. */
    static final int MAX_BULK = 200;
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 1000;

    private final Supplier<List<Site>> sites;
    private final AlarmBoard board;
    private final AlarmViews views;
    private final StoreQueries store;
    private final AlarmAcknowledger acknowledger;
    private final OperatorAuth auth;
    private final OperatorCaller callers;
    private final Clock clock;

    AlarmRoutes(Supplier<List<Site>> sites, AlarmBoard board, AlarmViews views, StoreQueries store, AlarmAcknowledger acknowledger,
                OperatorAuth auth, OperatorCaller callers, Clock clock) {
        this.sites = sites;
        this.board = board;
        this.views = views;
        this.store = store;
        this.acknowledger = acknowledger;
        this.auth = auth;
        this.callers = callers;
        this.clock = clock;
    }

    void register(HttpRoutes routes) {
        routes.get("/api/alarms", HttpRoute.sync(this::active));
        routes.get("/api/alarms/history", this::history);
        routes.get("/api/alarms/shelved", HttpRoute.sync(r -> {
            ArrayNode out = JsonViews.array();
            for (Shelves.Shelf s : views.shelves().active()) out.add(s.json());
            return HttpResponseSpec.json(200, Json.bytes(out));
        }));
        routes.post("/api/alarms/ack", this::acknowledgeSeveral);
        routes.get("/api/alarms/{id}", HttpRoute.sync(r -> {
            AlarmEvent e = board.activeAlarm(r.param("id"));
            if (e == null) throw new ApiRequest.BadRequest(404, "no active alarm with id " + r.param("id"));
            return HttpResponseSpec.json(200, Json.bytes(views.json(e)));
        }));
        routes.post("/api/alarms/{id}/ack", this::acknowledge);
        routes.post("/api/alarms/{id}/shelve", this::shelve);
        routes.delete("/api/alarms/{id}/shelve", this::unshelve);
    }

    /**
     * Active alarms, filtered by site, source, tag, kind and colour, in work order
     * ({@link io.hazardgate.api.view.AlarmBoard#WORK_ORDER}); shelved ones only with {@code shelved=include}
     * (or alone with {@code shelved=only}).
     */
    private HttpResponseSpec active(ApiRequest r) {
        String site = r.query("site");
        String source = r.query("source");
        String tag = r.query("tag");
        String kind = checked(r, "kind", KINDS);
        String colour = checked(r, "colour", COLOURS);
        String shelved = checked(r, "shelved", Set.of("exclude", "include", "only"));
        ArrayNode out = JsonViews.array();
        for (AlarmEvent e : board.active()) {
            if (site != null && !site.equals(e.site())) continue;
            if (source != null && !source.equals(e.source())) continue;
            if (tag != null && !tag.equals(e.tag())) continue;
            if (kind != null && !kind.equals(e.kind().wireName())) continue;
            if (colour != null && !colour.equals(e.colour().wireName())) continue;
            ObjectNode n = views.json(e);
            boolean isShelved = n.has("shelved");
            if (shelved == null || shelved.equals("exclude") ? isShelved : shelved.equals("only") && !isShelved) continue;
            out.add(n);
        }
        return HttpResponseSpec.json(200, Json.bytes(out));
    }

    /**
     * The alarm journal: events between {@code from} and {@code to} (default: the last 24 h) from the store,
     * filtered by site, source, tag, colour, kind and state, sorted ({@code sort}, {@code order}) and paged
     * ({@code limit}, {@code offset}); the number of events matching is in {@code X-Total-Count}.
     */
    private CompletionStage<HttpResponseSpec> history(ApiRequest r) {
        long to = r.timeQuery("to", clock.millis());
        long from = r.timeQuery("from", to - 24 * 3_600_000L);
        if (from > to) throw new ApiRequest.BadRequest("'from' must not be after 'to'");
        StringBuilder where = new StringBuilder(" where timestamp >= ").append(StoreQueries.time(from))
                .append(" and timestamp <= ").append(StoreQueries.time(to));
        String site = r.query("site");
        String tag = r.query("tag");
        String source = r.query("source");
        List<Site> scope = sites.get();
        if (site != null) {
            Site s = scope.stream().filter(x -> x.id().equals(site)).findFirst()
                    .orElseThrow(() -> new ApiRequest.BadRequest(404, "no such site: " + site));
            where.append(" and site = ").append(StoreQueries.quote(s.id()));
            scope = List.of(s);
        }
        if (source != null) {
            if (scope.stream().noneMatch(s -> s.hazardSource(source) != null)) {
                throw new ApiRequest.BadRequest(404, "no such hazard source" + (site == null ? "" : " in site " + site) + ": " + source);
            }
            where.append(" and source = ").append(StoreQueries.quote(source));
        }
        if (tag != null) {
            // a tag alone is enough: tags are looked for in every site (or the one given)
            if (scope.stream().noneMatch(s -> s.sensorsByTag().containsKey(tag))) {
                throw new ApiRequest.BadRequest(404, "no such sensor" + (site == null ? "" : " in site " + site) + ": " + tag);
            }
            where.append(" and tag = ").append(StoreQueries.quote(tag));
        }
        String colour = checked(r, "colour", COLOURS);
        if (colour != null) where.append(" and colour = ").append(StoreQueries.quote(colour));
        String kind = checked(r, "kind", KINDS);
        if (kind != null) where.append(" and kind = ").append(StoreQueries.quote(kind));
        String state = checked(r, "state", STATES);
        if (state != null) where.append(" and state = ").append(StoreQueries.quote(state));
        String sort = checked(r, "sort", SORTS.keySet());
        String order = checked(r, "order", Set.of("asc", "desc"));
        String column = SORTS.get(sort == null ? "time" : sort);
        String direction = order == null ? (column.equals("timestamp") || column.equals("level") ? "desc" : "asc") : order;
        int limit = intQuery(r, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        int offset = intQuery(r, "offset", 0, 0, StoreQueries.MAX_ROWS);
        String orderBy = " order by " + column + " " + direction + (column.equals("timestamp") ? "" : ", timestamp desc");
        String sql = "select id, seq, site, source, tag, rule, limitName, kind, level, colour, state, value, \"limit\", unit, readingTs,"
                + " raisedTs, timestamp, message from alarm_event" + where + orderBy + " limit " + offset + ", " + (offset + limit);
        CompletableFuture<JsonNode> rows = store.query(sql);
        CompletableFuture<JsonNode> count = store.query("select count() from alarm_event" + where);
        return rows.thenCombine(count, (json, total) -> {
            ArrayNode out = JsonViews.array();
            JsonNode columns = json.path("columns");
            for (JsonNode row : json.path("dataset")) {
                ObjectNode n = JsonViews.object();
                for (int i = 0; i < columns.size(); i++) {
                    String name = columns.get(i).path("name").asText();
                    if (name.equals("timestamp")) n.put("eventTs", java.time.Instant.parse(row.get(i).asText()).toEpochMilli());
                    else n.set(name, row.get(i));
                }
                out.add(views.stored(n));
            }
            long matching = total.path("dataset").path(0).path(0).asLong();
            return HttpResponseSpec.json(200, Json.bytes(out)).withHeader("X-Total-Count", Long.toString(matching));
        });
    }

    /**
     * {@code POST /api/alarms/{id}/ack} with {@code {"comment": "..."}}, from a signed-in operator (Bearer
     * token) or with an operator's credentials (HTTP Basic).
     */
    private CompletionStage<HttpResponseSpec> acknowledge(ApiRequest r) {
        requireOperators();
        String comment = comment(Body.of(r));
        String id = r.param("id");
        AlarmEvent alarm = board.activeAlarm(id);
        String site = alarm == null ? null : alarm.site();
        return callers.of(r).thenCompose(caller -> {
            if (caller.operator() == null) return CompletableFuture.completedFuture(caller.refusal());
            if (!caller.mayAckSite().test(site)) {
                return CompletableFuture.completedFuture(HttpResponseSpec.error(403,
                        caller.operator() + " may not acknowledge alarms of site " + site));
            }
            return acknowledger.acknowledge(id, caller.operator(), comment).thenApply(result -> answer(id, caller.operator(), comment, result));
        });
    }

    /**
     * {@code POST /api/alarms/ack} with {@code {"ids": [...], "comment": "..."}}: several alarms at once, each
     * judged as if acknowledged alone. Answers 200 with one result per id, in order.
     */
    private CompletionStage<HttpResponseSpec> acknowledgeSeveral(ApiRequest r) {
        requireOperators();
        JsonNode body = Body.of(r);
        String comment = comment(body);
        JsonNode idsNode = body.path("ids");
        if (!idsNode.isArray() || idsNode.isEmpty()) throw new ApiRequest.BadRequest("body must name the alarms: {\"ids\": [\"...\"], \"comment\": \"...\"}");
        if (idsNode.size() > MAX_BULK) throw new ApiRequest.BadRequest("at most " + MAX_BULK + " alarms at once, got " + idsNode.size());
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode id : idsNode) {
            if (!id.isTextual()) throw new ApiRequest.BadRequest("'ids' must be a list of alarm ids (strings)");
            ids.add(id.asText());
        }
        return callers.of(r).thenCompose(caller -> {
            if (caller.operator() == null) return CompletableFuture.completedFuture(caller.refusal());
            List<CompletableFuture<ObjectNode>> each = new ArrayList<>();
            for (String id : ids) {
                AlarmEvent alarm = board.activeAlarm(id);
                if (alarm != null && !caller.mayAckSite().test(alarm.site())) {
                    each.add(CompletableFuture.completedFuture(result(id, 403, caller.operator() + " may not acknowledge alarms of site " + alarm.site())));
                    continue;
                }
                each.add(acknowledger.acknowledge(id, caller.operator(), comment).toCompletableFuture().thenApply(res -> {
                    HttpResponseSpec a = answer(id, caller.operator(), comment, res);
                    ObjectNode n = result(id, a.status(), res.message());
                    if (a.status() == 200 && res.event() != null) n.set("alarm", views.json(res.event()));
                    return n;
                }));
            }
            return CompletableFuture.allOf(each.toArray(new CompletableFuture[0])).thenApply(done -> {
                ArrayNode out = JsonViews.array();
                for (CompletableFuture<ObjectNode> f : each) out.add(f.join());
                return HttpResponseSpec.json(200, Json.bytes(JsonViews.object().set("results", out)));
            });
        });
    }

    private static ObjectNode result(String id, int status, String message) {
        ObjectNode n = JsonViews.object().put("id", id).put("status", status);
        if (status != 200 && message != null) n.put("error", message);
        return n;
    }

    private HttpResponseSpec answer(String id, String who, String comment, AlarmAcknowledger.Result result) {
        return switch (result.outcome()) {
            case ACKNOWLEDGED -> {
                // one line per acknowledgement, whatever the comment holds
                audit.info("alarm {} acknowledged by {}: {}", AuditText.escape(id), AuditText.escape(who), AuditText.escape(comment));
                yield result.event() == null ? HttpResponseSpec.json(200, Json.bytes(Json.object("id", id, "state", "acknowledged")))
                        : HttpResponseSpec.json(200, Json.bytes(views.json(result.event())));
            }
            case UNKNOWN_ALARM -> HttpResponseSpec.error(404, result.message());
            case ALREADY_ACKNOWLEDGED -> HttpResponseSpec.error(409, result.message());
            case INVALID -> HttpResponseSpec.error(400, result.message());
        };
    }

    /**
     * {@code POST /api/alarms/{id}/shelve} with {@code {"reason": "...", "minutes": N}} (or {@code "until":
     * epoch ms}): takes the alarm off the active list and its sound until then. It is still raised, published,
     * recorded, escalated, and counted in its source's colour (docs/api.md, "Shelving").
     */
    private CompletionStage<HttpResponseSpec> shelve(ApiRequest r) {
        requireOperators();
        JsonNode body = Body.of(r);
        String id = r.param("id");
        AlarmEvent alarm = board.activeAlarm(id);
        if (alarm == null) throw new ApiRequest.BadRequest(404, "no active alarm with id " + id);
        JsonNode reasonNode = body.path("reason");
        if (!reasonNode.isTextual()) throw new ApiRequest.BadRequest("'reason' is required: say why the alarm is shelved");
        long now = clock.millis();
        long until;
        if (body.path("until").isIntegralNumber()) until = body.path("until").asLong();
        else if (body.path("minutes").isIntegralNumber()) until = now + body.path("minutes").asLong() * 60_000L;
        else throw new ApiRequest.BadRequest("say for how long: 'minutes' (1 to " + Shelves.MAX_DURATION.toMinutes() + ") or 'until' (epoch ms)");
        return callers.of(r).thenApply(caller -> {
            if (caller.operator() == null) return caller.refusal();
            if (!caller.mayAckSite().test(alarm.site())) {
                return HttpResponseSpec.error(403, caller.operator() + " may not shelve alarms of site " + alarm.site());
            }
            Shelves.Shelf shelf;
            try {
                shelf = views.shelves().shelve(alarm, caller.operator(), reasonNode.asText(), until);
            } catch (IllegalArgumentException e) {
                return HttpResponseSpec.error(400, e.getMessage());
            }
            board.publish("shelf", JsonViews.object().put("action", "shelved").set("shelf", shelf.json()).toString());
            return HttpResponseSpec.json(200, Json.bytes(views.json(alarm)));
        });
    }

    /** {@code DELETE /api/alarms/{id}/shelve}: back on the active list, with its sound if it is still unacknowledged. */
    private CompletionStage<HttpResponseSpec> unshelve(ApiRequest r) {
        requireOperators();
        String id = r.param("id");
        AlarmEvent alarm = board.activeAlarm(id);
        if (alarm == null) throw new ApiRequest.BadRequest(404, "no active alarm with id " + id);
        return callers.of(r).thenApply(caller -> {
            if (caller.operator() == null) return caller.refusal();
            if (!caller.mayAckSite().test(alarm.site())) {
                return HttpResponseSpec.error(403, caller.operator() + " may not shelve alarms of site " + alarm.site());
            }
            Shelves.Shelf shelf = views.shelves().unshelve(Shelves.key(alarm), caller.operator());
            if (shelf == null) return HttpResponseSpec.error(404, "alarm " + id + " is not shelved");
            board.publish("shelf", JsonViews.object().put("action", "unshelved").set("shelf", shelf.json()).toString());
            return HttpResponseSpec.json(200, Json.bytes(views.json(alarm)));
        });
    }

    private void requireOperators() {
        if (!auth.hasOperators()) {
            throw new ApiRequest.BadRequest(403, "no operator is configured: add a user with role operator to the gateway config");
        }
    }

    /** The JSON object a request carries; an empty object for an empty body. */
    private static final class Body {
        static JsonNode of(ApiRequest r) {
            if (r.body().length == 0) return JsonViews.object();
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(r.body());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ApiRequest.BadRequest("body must be JSON like {\"comment\": \"...\"}: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ApiRequest.BadRequest("body is not readable: " + e.getMessage());
            }
            if (body == null || !body.isObject()) throw new ApiRequest.BadRequest("body must be a JSON object like {\"comment\": \"...\"}");
            return body;
        }
    }

    /** The optional {@code comment} of an acknowledgement. */
    private static String comment(JsonNode body) {
        JsonNode c = body.path("comment");
        if (!c.isMissingNode() && !c.isNull() && !c.isTextual()) throw new ApiRequest.BadRequest("'comment' must be a string");
        String comment = c.asText("");
        if (comment.length() > MAX_COMMENT) throw new ApiRequest.BadRequest("'comment' is longer than " + MAX_COMMENT + " characters");
        return comment;
    }

    private static int intQuery(ApiRequest r, String name, int dflt, int min, int max) {
        String v = r.query(name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new ApiRequest.BadRequest("query parameter '" + name + "' must be a whole number from " + min + " to " + max + ", got '"
                    + (v.length() > 20 ? v.substring(0, 20) + "…" : v) + "'");
        }
    }

    private static String checked(ApiRequest r, String name, Set<String> allowed) {
        String v = r.query(name);
        if (v != null && !allowed.contains(v)) {
            throw new ApiRequest.BadRequest("query parameter '" + name + "' must be one of " + new java.util.TreeSet<>(allowed) + ", got '"
                    + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'");
        }
        return v;
    }
}
