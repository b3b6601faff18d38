/**
 * What happens to a transition after it is decided: the single-threaded
 * {@link io.hazardgate.alarm.delivery.AlarmBus} that orders it, writes it to the alarm journal before
 * publishing it, keeps the active alarms and the hazard-source colours
 * ({@link io.hazardgate.alarm.delivery.RiskBoard}) and tells its listeners; publishing goes through
 * {@link io.hazardgate.alarm.delivery.AlarmOutput}, storing through
 * {@link io.hazardgate.alarm.delivery.AlarmRecorder}, both wired at the root. May use
 * {@code alarm.lifecycle}, {@code record} and {@code config}.
 */
package io.hazardgate.alarm.delivery;
