/**
 * What happens to a transition after it is decided: the single-threaded
 * {@link io.hazardgate.alarm.delivery.AlarmBus} that orders it, writes it to the alarm journal before
 * publishing it, keeps the active alarms and the hazard-source colours
 * ({@link io.hazardgate.alarm.delivery.RiskBoard}) and tells its listeners; publishing goes through
 * {@link io.hazardgate.alarm.delivery.AlarmOutput}, storing through
 * {@link io.hazardgate.alarm.delivery.AlarmRecorder}, both wired at the root. The alarm tier's meters are
 * defined in {@link io.hazardgate.alarm.delivery.AlarmMetrics}. May use
 * {@code alarm.lifecycle}, {@code record}, {@code config} and {@code wire}.
 */
package io.hazardgate.alarm.delivery;
