package io.hazardgate.api.rest;

import io.hazardgate.record.AlarmEvent;
import java.util.concurrent.CompletionStage;

/** Acknowledges an active alarm on behalf of an operator; the alarm engine does the work. */
public interface AlarmAcknowledger {
    /** How an acknowledgement went. */
    enum Outcome { ACKNOWLEDGED, UNKNOWN_ALARM, ALREADY_ACKNOWLEDGED, INVALID }

    /** The outcome and, when acknowledged, the {@code acknowledged} event published for it. */
    record Result(Outcome outcome, AlarmEvent event, String message) {}

    CompletionStage<Result> acknowledge(String alarmId, String who, String comment);
}
