package io.hazardgate;

import io.hazardgate.alarm.Alarms;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.api.rest.AlarmAcknowledger;
import io.hazardgate.record.AlarmEvent;
import java.util.concurrent.CompletionStage;

/** The HTTP API's acknowledgements, done by the alarm engine on the shard that owns the alarm. */
final class AlarmAcks implements AlarmAcknowledger {
    private final Alarms alarms;

    AlarmAcks(Alarms alarms) {
        this.alarms = alarms;
    }

    @Override
    public CompletionStage<Result> acknowledge(String alarmId, String who, String comment) {
        return alarms.acknowledge(alarmId, who, comment).thenApply(r -> new Result(outcome(r.outcome()), event(alarmId, r), r.message()));
    }

    /** The alarm as it stands after the acknowledgement: its latest event carries who, when and why. */
    private AlarmEvent event(String id, AckResult r) {
        if (r.outcome() != AckResult.Outcome.ACKNOWLEDGED) return null;
        return alarms.activeAlarms().stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
    }

    private static Outcome outcome(AckResult.Outcome o) {
        return switch (o) {
            case ACKNOWLEDGED -> Outcome.ACKNOWLEDGED;
            case ALREADY_ACKNOWLEDGED -> Outcome.ALREADY_ACKNOWLEDGED;
            case NOT_ACTIVE, UNKNOWN_ALARM -> Outcome.UNKNOWN_ALARM;
            case INVALID -> Outcome.INVALID;
        };
    }
}
