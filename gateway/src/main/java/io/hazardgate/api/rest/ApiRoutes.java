package io.hazardgate.api.rest;

import io.hazardgate.api.http.HttpRoutes;
import io.hazardgate.api.view.AlarmBoard;
import io.hazardgate.api.view.AlarmViews;
import io.hazardgate.api.view.LiveReadings;
import io.hazardgate.response.AlarmResponse;
import io.hazardgate.store.questdb.QuestDbSql;
import java.time.Clock;
import java.util.function.BiFunction;

/** The JSON API under {@code /api} (docs/api.md). */
public final class ApiRoutes implements AutoCloseable {
    private final StoreQueries store;
    private final SiteRoutes sites;
    private final AlarmRoutes alarms;
    private final OverviewRoutes overview;
    private final SessionRoutes sessions;
    private final OperatorCaller callers;
    private final Clock clock;

    /**
     * @param sql    the embedded QuestDB for history, or null with an external store
     * @param judged what the rules last judged for a point when that is not its reading (a rain gauge's sum), or NaN
     */
    public ApiRoutes(LiveReadings live, AlarmBoard board, AlarmViews views, QuestDbSql sql, AlarmAcknowledger acknowledger,
                     OperatorAuth auth, BiFunction<String, String, Double> judged, Clock clock) {
        OperatorSessions signedIn = new OperatorSessions(clock);
        this.callers = new OperatorCaller(auth, signedIn);
        this.clock = clock;
        this.store = new StoreQueries(sql);
        this.sites = new SiteRoutes(live, board, views, store, judged, clock);
        this.alarms = new AlarmRoutes(live::sites, board, views, store, acknowledger, auth, callers, clock);
        this.overview = new OverviewRoutes(live, board, views, store, clock);
        this.sessions = new SessionRoutes(callers, signedIn, auth);
    }

    public void register(HttpRoutes routes) {
        sites.register(routes);
        alarms.register(routes);
        overview.register(routes);
        sessions.register(routes);
    }

    /** Adds alarm response's routes (delivery record, duty, hand-over, acknowledgement links) to {@code routes}. */
    public void registerResponse(AlarmResponse response, HttpRoutes routes) {
        new ResponseRoutes(response, callers, clock).register(routes);
    }

    @Override
    public void close() { store.close(); }
}
