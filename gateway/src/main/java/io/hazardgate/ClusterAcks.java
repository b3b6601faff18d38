package io.hazardgate;

import io.hazardgate.alarm.delivery.AlarmBus;
import io.hazardgate.alarm.delivery.AlarmBusListener;
import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.api.rest.AlarmAcknowledger;
import io.hazardgate.cluster.Command;
import io.hazardgate.cluster.IngestOutbox;
import io.hazardgate.alarm.AlarmEngine;
import io.hazardgate.record.AlarmEvent;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API's acknowledgements in cluster mode. The alarm lives on whichever alarm node owns its
 * site's partition, so the acknowledgement travels as a command on the readings topic, in order with
 * the site's readings; the answer is the {@code acknowledged} event coming back through this node's
 * control-room feed. Requests for an alarm this node does not see active, or sees acknowledged, are
 * answered at once from its view.
 */
final class ClusterAcks implements AlarmAcknowledger, AlarmBusListener {
    /** How long a request waits for the alarm tier's answer before it is answered "accepted". */
    static final long ANSWER_TIMEOUT_S = 15;

    private final AlarmBus bus;
    private final IngestOutbox producer;
    private final Clock clock;
    private final ConcurrentHashMap<String, List<CompletableFuture<AlarmEvent>>> waiting = new ConcurrentHashMap<>();

    ClusterAcks(AlarmBus bus, IngestOutbox producer, Clock clock) {
        this.bus = bus;
        this.producer = producer;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Result> acknowledge(String alarmId, String who, String comment) {
        String text = comment == null ? "" : comment.strip();
        if (who == null || who.isBlank()) return done(Outcome.INVALID, null, "who must name the operator who acknowledges");
        if (who.length() > AlarmEngine.MAX_ACK_WHO) return done(Outcome.INVALID, null, "who is longer than " + AlarmEngine.MAX_ACK_WHO + " characters");
        if (text.length() > AlarmEngine.MAX_ACK_COMMENT) {
            return done(Outcome.INVALID, null, "comment is longer than " + AlarmEngine.MAX_ACK_COMMENT + " characters");
        }
        AlarmId id = AlarmId.parse(alarmId);
        if (id == null) return done(Outcome.INVALID, null, "'" + alarmId + "' is not an alarm id (site:tag:rule:millis)");
        AlarmEvent active = bus.activeAlarms().stream().filter(e -> e.id().equals(alarmId)).findFirst().orElse(null);
        if (active == null) return done(Outcome.UNKNOWN_ALARM, null, "no active alarm with id " + alarmId);
        if (active.acknowledged()) {
            return done(Outcome.ALREADY_ACKNOWLEDGED, active, "already acknowledged by " + active.ack().by());
        }
        CompletableFuture<AlarmEvent> answer = new CompletableFuture<>();
        waiting.computeIfAbsent(alarmId, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(answer);
        return producer.command(id.site(), new Command.Ack(clock.millis(), alarmId, who.strip(), text))
                .thenCompose(sent -> answer.completeOnTimeout(null, ANSWER_TIMEOUT_S, TimeUnit.SECONDS))
                .handle((event, error) -> {
                    List<CompletableFuture<AlarmEvent>> list = waiting.get(alarmId);
                    if (list != null) list.remove(answer);
                    if (error != null) return new Result(Outcome.INVALID, null, "the cluster did not take the acknowledgement: "
                            + error.getMessage());
                    return new Result(Outcome.ACKNOWLEDGED, event, event == null ? "accepted; not yet confirmed" : "acknowledged");
                });
    }

    @Override
    public void onAlarm(AlarmEvent e) {
        if (e.ack() == null) return;
        List<CompletableFuture<AlarmEvent>> list = waiting.remove(e.id());
        if (list != null) for (CompletableFuture<AlarmEvent> f : list) f.complete(e);
    }

    private static CompletionStage<Result> done(Outcome o, AlarmEvent e, String message) {
        return CompletableFuture.completedFuture(new Result(o, e, message));
    }
}
