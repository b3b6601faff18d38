package io.hazardgate.api.view;

import io.hazardgate.alarm.delivery.AlarmBusListener;
import io.hazardgate.alarm.delivery.RiskJson;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The control room's picture of alarms: the engine's active alarms and hazard-source colours, and the
 * numbered history of events the live stream resumes from (fed by the alarm bus on its thread).
 */
public final class AlarmBoard implements AlarmBusListener {
    /**
     * The order operators work in: hazard alarms before faults and lost data; among them, the sources of
     * higher GB 18218 grade (or dam class) first, then the more severe colour, then the newest
     * (docs/alarms.md, "Priority").
     */
    public static final Comparator<AlarmEvent> WORK_ORDER =
            Comparator.comparing((AlarmEvent e) -> !e.kind().isHazard())
                    .thenComparingInt(AlarmEvent::priority)
                    .thenComparing(Comparator.comparingInt(AlarmEvent::level).reversed())
                    .thenComparing(Comparator.comparingLong(AlarmEvent::eventTs).reversed());

    private final Supplier<List<AlarmEvent>> active;
    private final Supplier<List<RiskState>> risks;
    private final EventHistory history = new EventHistory();
    private final RecentRaises raises = new RecentRaises();
    private final Clock clock;
    private final Function<AlarmEvent, String> streamJson;

    /**
     * @param active the alarm engine's active alarms (recovered ones included), in work order
     * @param risks  the alarm engine's hazard-source colours
     */
    public AlarmBoard(Supplier<List<AlarmEvent>> active, Supplier<List<RiskState>> risks, Clock clock) {
        this(active, risks, clock, e -> new String(AlarmEventJson.encode(e), StandardCharsets.UTF_8));
    }

    /** @param streamJson an alarm event as the live stream carries it (with its texts and shelf: {@link AlarmViews}) */
    public AlarmBoard(Supplier<List<AlarmEvent>> active, Supplier<List<RiskState>> risks, Clock clock,
                      Function<AlarmEvent, String> streamJson) {
        this.active = active;
        this.risks = risks;
        this.clock = clock;
        this.streamJson = streamJson;
    }

    @Override
    public void onAlarm(AlarmEvent e) {
        history.add("alarm", streamJson.apply(e));
        if (e.state() == io.hazardgate.record.AlarmState.RAISED || e.state() == io.hazardgate.record.AlarmState.ESCALATED) raises.add(e);
    }

    /**
     * Alarm occurrences raised since {@code fromMs} that this gateway saw since it started, each once under
     * the highest colour it reached ({@code grey} for no-data and faults): for the overview when there is
     * no store to ask.
     */
    public java.util.Map<String, Integer> raisedSince(long fromMs) { return raises.countSince(fromMs); }

    /** Sends an event of the control room's own (a shelf put on or taken off) to every stream client. */
    public void publish(String type, String json) {
        history.add(type, json);
    }

    @Override
    public void onRisk(RiskState r, RiskColour previous) {
        history.add("risk", new String(RiskJson.event(r, previous, clock.millis()), StandardCharsets.UTF_8));
    }

    /** Active alarms in work order. */
    public List<AlarmEvent> active() {
        List<AlarmEvent> out = new ArrayList<>(active.get());
        out.sort(WORK_ORDER);
        return out;
    }

    public AlarmEvent activeAlarm(String id) {
        for (AlarmEvent e : active.get()) {
            if (e.id().equals(id)) return e;
        }
        return null;
    }

    /** A hazard source's colour, or null when it is not configured. */
    public RiskState colour(String site, String source) {
        for (RiskState r : risks.get()) {
            if (r.site().equals(site) && r.source().id().equals(source)) return r;
        }
        return null;
    }

    public List<StreamEvent> since(long lastId) { return history.since(lastId); }

    public long lastEventId() { return history.lastId(); }

    /** Subscribes to the live events; returns the id of the last event before the subscription (0 when none yet). */
    public long subscribe(Consumer<StreamEvent> s) { return history.subscribe(s); }

    public void unsubscribe(Consumer<StreamEvent> s) { history.unsubscribe(s); }
}
