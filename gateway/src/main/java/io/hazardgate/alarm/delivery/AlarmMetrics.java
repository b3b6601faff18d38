package io.hazardgate.alarm.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * Every meter of the alarm tier, the engine's and delivery's, defined and registered here and nowhere
 * else (the catalogue of all the gateway's meters is the table in docs/operations.md, which a test holds
 * to the registry). Here in {@code delivery}, the lowest role both the engine and the bus may use.
 */
public final class AlarmMetrics {
    private AlarmMetrics() {}

    /** Evaluation of one telemetry message's readings on shard {@code shard}: the alarm hot path. */
    public static Timer evaluateTime(MeterRegistry r, int shard) {
        return Timer.builder("hazardgate.alarm.evaluate").tag("shard", Integer.toString(shard))
                .description("Time to evaluate the readings of one telemetry message").register(r);
    }

    /** What one shard holds and has judged: read from {@code owner}, which the registry does not keep alive. */
    public static <S> void shardGauges(MeterRegistry r, int shard, S owner, ToDoubleFunction<S> queued,
            ToDoubleFunction<S> evaluated, ToDoubleFunction<S> late, ToDoubleFunction<S> stale,
            ToDoubleFunction<S> duplicate, ToDoubleFunction<S> future) {
        String tag = Integer.toString(shard);
        Gauge.builder("hazardgate.alarm.shard.queue", owner, queued).tag("shard", tag)
                .description("Records waiting for alarm evaluation").register(r);
        Gauge.builder("hazardgate.alarm.readings.evaluated", owner, evaluated)
                .tag("shard", tag).description("Readings evaluated").register(r);
        Gauge.builder("hazardgate.alarm.readings.late", owner, late)
                .tag("shard", tag).description("Readings older than the sensor's newest: stored, history only").register(r);
        Gauge.builder("hazardgate.alarm.readings.stale", owner, stale)
                .tag("shard", tag).description("In-order readings too old at arrival to be live: stored, history only")
                .register(r);
        Gauge.builder("hazardgate.alarm.readings.duplicate", owner, duplicate)
                .tag("shard", tag).description("Readings repeating the sensor's newest timestamp: ignored").register(r);
        Gauge.builder("hazardgate.alarm.readings.future", owner, future)
                .tag("shard", tag).description("Readings stamped further ahead of their arrival than the allowed clock skew: "
                        + "stored, never judged").register(r);
    }

    /** Times the shards fell so far behind that MQTT reading stopped until they caught up. */
    public static Counter overloads(MeterRegistry r) {
        return Counter.builder("hazardgate.alarm.overloads")
                .description("Times the alarm shards fell so far behind that MQTT reading stopped until they caught up")
                .register(r);
    }

    /** 1 while the shards hold MQTT reading back. */
    public static <S> void overloaded(MeterRegistry r, S owner, ToDoubleFunction<S> value) {
        Gauge.builder("hazardgate.alarm.overloaded", owner, value)
                .description("1 while the alarm shards hold MQTT reading back").register(r);
    }

    /** Rule-state snapshots written and rounds given up. */
    public static <S> void snapshotGauges(MeterRegistry r, S owner, ToDoubleFunction<S> written,
            ToDoubleFunction<S> dropped) {
        Gauge.builder("hazardgate.alarm.snapshots.written", owner, written)
                .description("Alarm state snapshots written").register(r);
        Gauge.builder("hazardgate.alarm.snapshots.dropped", owner, dropped)
                .description("Alarm state snapshot rounds given up because the writer was behind").register(r);
    }

    /** Alarm threads (shards, bus) running at the configured real-time priority. */
    public static <S> void realtimeThreads(MeterRegistry r, S owner, ToDoubleFunction<S> count) {
        Gauge.builder("hazardgate.alarm.realtime.threads", owner, count)
                .description("Alarm threads (shards, bus) running at the real-time priority of alarms.realtimePriority")
                .register(r);
    }

    static <A> void activeAlarms(MeterRegistry r, A owner, ToDoubleFunction<A> count) {
        Gauge.builder("hazardgate.alarm.active", owner, count).description("Active alarms").register(r);
    }

    /**
     * From an event's hand-over by its shard to its publish on MQTT (the journal's force included): the
     * gateway's share of alarm latency after evaluation. Buckets at the latency goals, so the share of
     * events within 1 / 5 / 10 / 50 ms can be read off.
     */
    static Timer deliveryDelay(MeterRegistry r) {
        return latencyTimer(r, "hazardgate.alarm.delivery.delay",
                "Time from an alarm event's evaluation to its publish on MQTT, the journal's force included");
    }

    /**
     * One write and force of the alarm journal, which every alarm waits for before it is published: a
     * disk that other writers keep busy shows here first. Buckets as {@link #deliveryDelay}.
     */
    static Timer journalForce(MeterRegistry r) {
        return latencyTimer(r, "hazardgate.alarm.journal.force",
                "Time to write and force a batch of alarm events to the alarm journal");
    }

    /** A timer with buckets at the alarm latency goals: 1, 5, 10 and 50 ms. */
    private static Timer latencyTimer(MeterRegistry r, String name, String description) {
        return Timer.builder(name).description(description)
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50))
                .register(r);
    }

    static Counter journalFailures(MeterRegistry r) {
        return Counter.builder("hazardgate.alarm.journal.failures")
                .description("Alarm journal writes that failed (events were still delivered)").register(r);
    }

    /** Alarm events delivered, by the event's kind, colour and state (wire names: a few values each). */
    static Counter events(MeterRegistry r, String kind, String colour, String state) {
        return Counter.builder("hazardgate.alarm.events").tag("kind", kind).tag("colour", colour).tag("state", state)
                .description("Alarm events delivered").register(r);
    }
}
