package io.hazardgate.alarm.lifecycle;

import io.hazardgate.record.Acknowledgement;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Faults of the gateway itself (its clock), as alarms with the same lifecycle as a sensor's faults:
 * raised, acknowledged, cleared, journaled, published on {@code alarm/_gateway/gateway/{tag}}, shown to
 * the control room and stored. They belong to the reserved site {@value #SITE}, which no site file may
 * use, and are never a hazard colour. Raising an active fault again with the same cause does nothing.
 * Thread-safe; events go to the alarm bus in the order they were made.
 */
public final class GatewayFaults {
    /** The site gateway-level alarms are filed under. */
    public static final String SITE = "_gateway";
    /** Their hazard source: the gateway. */
    public static final String SOURCE = "gateway";

    private final AlarmListener bus;
    private final Clock clock;
    /** Active fault by {@code tag:rule}. */
    private final Map<String, AlarmEvent> active = new HashMap<>();

    public GatewayFaults(AlarmListener bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    /** Takes an active fault a previous run left in the journal; before anything is raised. */
    public synchronized void restore(AlarmEvent e) {
        if (e.isActive()) active.put(e.tag() + ":" + e.rule(), e);
    }

    /** Raises {@code rule} on {@code tag} with {@code cause}, unless it is already active with that cause. */
    public synchronized void raise(String tag, String rule, String cause, String message) {
        String key = tag + ":" + rule;
        AlarmEvent before = active.get(key);
        if (before != null && before.limitName().equals(cause)) return;
        long now = clock.millis();
        AlarmEvent e;
        if (before == null) {
            String id = SITE + ":" + tag + ":" + rule + ":" + now;
            e = new AlarmEvent(id, 1, SITE, SOURCE, tag, rule, cause, AlarmKind.FAULT, 0, AlarmState.RAISED, Double.NaN,
                    Double.NaN, "", now, now, message);
        } else {
            e = next(before, AlarmState.ESCALATED, cause, message, now, before.ack());
        }
        active.put(key, e);
        bus.onEvent(e);
    }

    /** Clears {@code rule} on {@code tag} if it is active. */
    public synchronized void clear(String tag, String rule, String message) {
        AlarmEvent before = active.remove(tag + ":" + rule);
        if (before == null) return;
        bus.onEvent(next(before, AlarmState.CLEARED, before.limitName(), message, clock.millis(), before.ack()));
    }

    /** Whether {@code rule} on {@code tag} is active. */
    public synchronized boolean isActive(String tag, String rule) { return active.containsKey(tag + ":" + rule); }

    /** The active gateway faults, latest event of each. */
    public synchronized List<AlarmEvent> active() { return new ArrayList<>(active.values()); }

    /** Acknowledges a gateway fault; {@code who} and {@code comment} are already checked (see AlarmEngine). */
    public CompletableFuture<AckResult> acknowledge(AlarmId id, String who, String comment) {
        AlarmEvent e;
        synchronized (this) {
            AlarmEvent before = active.get(id.tag() + ":" + id.rule());
            if (before == null || !before.id().equals(id.text())) {
                return CompletableFuture.completedFuture(AckResult.unknown(id.text()));
            }
            if (before.ack() != null) {
                return CompletableFuture.completedFuture(AckResult.alreadyAcknowledged(id.text(), before.ack()));
            }
            long now = clock.millis();
            e = next(before, AlarmState.ACKNOWLEDGED, before.limitName(), before.message(), now,
                    new Acknowledgement(who, now, comment));
            active.put(id.tag() + ":" + id.rule(), e);
            bus.onEvent(e);
        }
        CompletableFuture<AckResult> done = new CompletableFuture<>();
        AckResult r = AckResult.acknowledged(id.text(), e.ack());
        bus.afterDelivery(() -> done.complete(r));
        return done.thenApplyAsync(x -> x);
    }

    private static AlarmEvent next(AlarmEvent b, AlarmState state, String cause, String message, long now, Acknowledgement ack) {
        return new AlarmEvent(b.id(), b.seq() + 1, b.site(), b.source(), b.tag(), b.rule(), cause, b.kind(), b.level(), state,
                b.value(), b.limit(), b.unit(), now, now, message, b.raisedTs(), ack, false, null, b.priority());
    }
}
