package io.hazardgate.alarm;

/**
 * Sees every alarm event and every hazard-source colour change after the bus delivered it, in delivery
 * order, on the bus thread: it must be quick and must not block (hand work over to its own thread).
 */
public interface AlarmBusListener {
    void onAlarm(AlarmEvent event);

    void onRisk(RiskChange change);
}
