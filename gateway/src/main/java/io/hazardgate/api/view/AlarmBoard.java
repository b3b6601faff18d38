package io.hazardgate.api.view;

import io.hazardgate.alarm.AlarmBusListener;
import io.hazardgate.alarm.AlarmEvent;
import io.hazardgate.alarm.AlarmEventJson;
import io.hazardgate.alarm.RiskChange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The control room's picture of alarms: every active alarm (latest event of each), every hazard
 * source's colour, and the numbered history the live stream resumes from. Fed by the alarm bus on its
 * thread; read by the HTTP thread.
 */
public final class AlarmBoard implements AlarmBusListener {
    /** Active first by level (red first), then newest first: the order operators work in. */
    public static final Comparator<AlarmEvent> WORK_ORDER =
            Comparator.comparingInt(AlarmEvent::level).reversed().thenComparing(Comparator.comparingLong(AlarmEvent::eventTs).reversed());

    private final Map<String, AlarmEvent> active = new ConcurrentHashMap<>();
    private final Map<String, RiskChange> colours = new ConcurrentHashMap<>();
    private final EventHistory history = new EventHistory();

    @Override
    public void onAlarm(AlarmEvent e) {
        if (e.isActive()) active.put(e.id(), e);
        else active.remove(e.id());
        history.add("alarm", new String(AlarmEventJson.encode(e), StandardCharsets.UTF_8));
    }

    @Override
    public void onRisk(RiskChange r) {
        colours.put(r.site() + "/" + r.source().id(), r);
        history.add("risk", RiskJson.encode(r));
    }

    /** Active alarms in work order. */
    public List<AlarmEvent> active() {
        List<AlarmEvent> out = new ArrayList<>(active.values());
        out.sort(WORK_ORDER);
        return out;
    }

    public AlarmEvent activeAlarm(String id) { return active.get(id); }

    /** A hazard source's colour, or null before the bus published it. */
    public RiskChange colour(String site, String source) { return colours.get(site + "/" + source); }

    public List<StreamEvent> since(long lastId) { return history.since(lastId); }

    public long lastEventId() { return history.lastId(); }

    public void subscribe(Consumer<StreamEvent> s) { history.subscribe(s); }

    public void unsubscribe(Consumer<StreamEvent> s) { history.unsubscribe(s); }
}
