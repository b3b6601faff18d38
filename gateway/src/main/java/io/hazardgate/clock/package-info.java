/**
 * The gateway's watch on its own clock: whether the operating system has it synchronised (NTP), and
 * whether it jumps. Every trend, no-data judgement and stored timestamp depends on that clock. It
 * reports to {@code /ready} and raises gateway-level faults through a small sink; it knows nothing of
 * the alarm engine, MQTT or HTTP. Uses only the config model. Beside it, {@link
 * io.hazardgate.clock.WakeupMonitor} measures how late the machine wakes a sleeping thread, the floor
 * under alarm latency.
 */
package io.hazardgate.clock;
