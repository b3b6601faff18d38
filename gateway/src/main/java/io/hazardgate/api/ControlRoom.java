package io.hazardgate.api;

import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.api.http.HttpResponseSpec;
import io.hazardgate.api.http.HttpRoute;
import io.hazardgate.api.http.HttpRoutes;
import io.hazardgate.api.http.Json;
import io.hazardgate.api.http.StaticAssets;
import io.hazardgate.api.rest.AlarmAcknowledger;
import io.hazardgate.api.rest.ApiRoutes;
import io.hazardgate.api.rest.OperatorAuth;
import io.hazardgate.api.rest.RegulatorRoutes;
import io.hazardgate.api.stream.EventStreamHub;
import io.hazardgate.api.view.AlarmBoard;
import io.hazardgate.api.view.AlarmViews;
import io.hazardgate.api.view.Shelves;
import io.hazardgate.api.view.LiveReadings;
import io.hazardgate.ingest.DeviceFault;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.store.questdb.QuestDbSql;
import io.hazardgate.uplink.Uplinks;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Everything the HTTP port serves, assembled: the live views fed by ingest and the alarm bus, the API,
 * the event stream, health, readiness, metrics and the dashboard.
 */
public final class ControlRoom implements AutoCloseable {
    /** The dashboard's files under {@code dashboard/} on the class path. */
    static final String[] DASHBOARD = {"index.html", "app.js", "app.css", "i18n.js", "overview.js", "charts.js", "section.js",
        "layout.js", "journal.js"};
    /** Where the dashboard loads ECharts from: the gateway itself, never a CDN (control rooms are often offline). */
    static final String ECHARTS = "/vendor/echarts.min.js";

    private final AlarmBoard board;
    private final LiveReadings live;
    private final ApiRoutes api;
    private final HttpRoutes routes = new HttpRoutes();

    /**
     * @param shelves where shelved alarms are kept ({@code <dataDir>/control-room/shelved-alarms.json}), null for memory only
     * @param judged  what the rules last judged for a point when that is not its reading (a rain gauge's 24 h sum), or NaN
     */
    public ControlRoom(SensorIndex index, Supplier<List<AlarmEvent>> activeAlarms, Supplier<List<RiskState>> risks, QuestDbSql sql,
                       AlarmAcknowledger acknowledger, OperatorAuth auth, Readiness readiness, PrometheusMeterRegistry meters,
                       Clock clock, Path shelves, BiFunction<String, String, Double> judged) {
        this.live = new LiveReadings(index, meters, clock).start();
        AlarmViews views = new AlarmViews(live, new Shelves(shelves, clock));
        this.board = new AlarmBoard(activeAlarms, risks, clock, views::text);
        this.api = new ApiRoutes(live, board, views, sql, acknowledger, auth, judged, clock);
        routes.get("/health", HttpRoute.sync(r -> HttpResponseSpec.json(200, Json.bytes(Json.object("status", "up")))));
        routes.get("/ready", HttpRoute.sync(r -> ready(readiness)));
        routes.get("/metrics", HttpRoute.sync(r ->
                HttpResponseSpec.text(200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape())));
        api.register(routes);
        routes.stream("/api/stream", new EventStreamHub(board, meters));
        String echarts = "META-INF/resources/webjars/echarts/" + StaticAssets.webJarVersion("org.webjars.npm", "echarts") + "/dist/echarts.min.js";
        routes.assets(new StaticAssets("dashboard", DASHBOARD).add(ECHARTS, echarts));
    }

    /** Serves what the gateway reports to regulators: the uplinks' state and the statistics. */
    public void regulators(Uplinks uplinks) {
        new RegulatorRoutes(uplinks, live::sites).register(routes);
    }

    /**
     * Serves the data loggers' own faults (a clock running ahead) at {@code GET /api/device-faults}, as
     * a JSON array of what {@code device-fault/...} carries on MQTT.
     */
    public void deviceFaults(Supplier<List<DeviceFault>> faults) {
        routes.get("/api/device-faults", HttpRoute.sync(r -> {
            StringBuilder sb = new StringBuilder("[");
            for (DeviceFault f : faults.get()) sb.append(sb.length() == 1 ? "" : ",").append(f.json());
            return HttpResponseSpec.json(200, sb.append(']').toString());
        }));
    }

    /** Feed for alarm events and colour changes: add it to the alarm bus before the bus starts. */
    public AlarmBoard board() { return board; }

    /** Feed for accepted readings: give it to ingest as its tap. */
    public LiveReadings liveReadings() { return live; }

    public HttpRoutes routes() { return routes; }

    /** Serves alarm response: the delivery record, who is on duty, hand-over, acknowledgement links. */
    public void registerResponse(io.hazardgate.response.AlarmResponse response) { api.registerResponse(response, routes); }

    /** Shows a reloaded configuration's sites and sensors. */
    public void reload(SensorIndex index) { live.reload(index); }

    /** The answer of {@code /ready}: 200 when every check is ok, else 503, with each check's detail. */
    public static HttpResponseSpec ready(Readiness readiness) {
        boolean all = true;
        List<Object> checks = new ArrayList<>();
        for (Readiness.Check c : readiness.checks()) {
            all &= c.ok();
            checks.add(Json.object("name", c.name(), "ok", c.ok(), "detail", c.detail()));
        }
        Map<String, Object> body = Json.object("checks", checks, "ready", all);
        readiness.facts().forEach((k, v) -> body.put(k, v instanceof Number || v instanceof Map<?, ?> ? v : String.valueOf(v)));
        return HttpResponseSpec.json(all ? 200 : 503, Json.bytes(body));
    }

    @Override
    public void close() {
        live.close();
        api.close();
    }
}
