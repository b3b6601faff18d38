package io.hazardgate.alarm;

import io.hazardgate.config.Site;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alarm transitions: each event on {@code alarm/{site}/{source}/{tag}} (QoS 1), the tag's
 * current state retained on {@code alarm-state/...} (its most severe active alarm, empty when clear),
 * hazard-source colours retained on {@code risk/{site}/{source}}, and every event to the recorder.
 * One thread, so events leave in the order the shards made them and state needs no locks; events are
 * rare next to readings, so its queue is unbounded: an alarm is never dropped here.
 */
public final class AlarmBus implements AlarmListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmBus.class);
    private static final byte[] EMPTY = new byte[0];

    private final AlarmOutput output;
    private final AlarmRecorder recorder;
    private final Clock clock;
    private final RiskBoard risk;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "alarm-bus");
        t.setDaemon(true);
        return t;
    });
    /** Active alarms per tag key (site/tag): alarm id → latest event. */
    private final Map<String, Map<String, AlarmEvent>> activeByTag = new HashMap<>();
    private final List<AlarmBusListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public AlarmBus(List<Site> sites, AlarmOutput output, AlarmRecorder recorder, Clock clock) {
        this.output = output;
        this.recorder = recorder;
        this.clock = clock;
        this.risk = new RiskBoard(sites);
    }

    /** Adds a listener for delivered events and colour changes; add before {@link #start()} to miss nothing. */
    public void addListener(AlarmBusListener listener) { listeners.add(listener); }

    /** Publishes every hazard source's colour, so a consumer that connects now sees the whole plant. */
    public void start() {
        thread.execute(() -> {
            for (RiskBoard.SourceRisk r : risk.all()) publishRisk(r);
        });
    }

    @Override
    public void onEvent(AlarmEvent event) {
        thread.execute(() -> deliver(event));
    }

    private void deliver(AlarmEvent e) {
        try {
            byte[] json = AlarmEventJson.encode(e);
            output.publish(e.eventTopic(), json, 1, false);
            publishTagState(e);
            RiskBoard.SourceRisk changed = risk.apply(e);
            if (changed != null) publishRisk(changed);
            recorder.record(e);
            for (AlarmBusListener l : listeners) l.onAlarm(e);
        } catch (RuntimeException ex) {
            log.error("failed to deliver alarm event {} seq {}", e.id(), e.seq(), ex);
        }
    }

    private void publishTagState(AlarmEvent e) {
        String key = e.site() + "/" + e.tag();
        Map<String, AlarmEvent> tagAlarms = activeByTag.computeIfAbsent(key, k -> new HashMap<>());
        if (e.isActive()) tagAlarms.put(e.id(), e);
        else tagAlarms.remove(e.id());
        AlarmEvent worst = null;
        for (AlarmEvent a : tagAlarms.values()) {
            if (worst == null || a.level() > worst.level() || (a.level() == worst.level() && a.eventTs() > worst.eventTs())) worst = a;
        }
        if (tagAlarms.isEmpty()) activeByTag.remove(key);
        output.publish(e.stateTopic(), worst == null ? EMPTY : AlarmEventJson.encode(worst), 1, true);
    }

    private void publishRisk(RiskBoard.SourceRisk r) {
        StringBuilder sb = new StringBuilder(200).append('{');
        AlarmEventJson.str(sb, "site", r.site()).append(',');
        AlarmEventJson.str(sb, "source", r.source().id()).append(',');
        AlarmEventJson.str(sb, "name", r.source().name()).append(',');
        AlarmEventJson.str(sb, "kind", r.source().kind().name().toLowerCase(java.util.Locale.ROOT)).append(',');
        sb.append("\"grade\":").append(r.source().grade()).append(',');
        AlarmEventJson.str(sb, "colour", r.colour().wireName()).append(',');
        sb.append("\"level\":").append(r.colour().level()).append(',');
        sb.append("\"activeAlarms\":").append(r.activeAlarms()).append(',');
        long now = clock.millis();
        sb.append("\"ts\":").append(now).append('}');
        output.publish(r.topic(), sb.toString().getBytes(StandardCharsets.UTF_8), 1, true);
        RiskChange change = new RiskChange(r.site(), r.source(), r.colour(), r.activeAlarms(), now);
        for (AlarmBusListener l : listeners) l.onRisk(change);
    }

    /** Delivers what is queued, then stops. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) log.warn("alarm bus did not drain within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
