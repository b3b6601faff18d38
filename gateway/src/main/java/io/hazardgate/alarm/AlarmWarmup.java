package io.hazardgate.alarm;

import io.hazardgate.alarm.delivery.AlarmBus;
import io.hazardgate.alarm.delivery.AlarmOutput;
import io.hazardgate.alarm.delivery.AlarmRecorder;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Quality;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the code that raises, clears and publishes alarms on a scratch plant of its own, so that the
 * real plant's first alarms are handled by compiled code. Alarms are rare: left alone, that code would
 * run interpreted for its first few thousand uses, in a quiet plant for weeks, and an alarm would take
 * tens of milliseconds from evaluation to publication where compiled code takes a fraction of one
 * (docs/benchmarks.md, "Cold alarms").
 *
 * <p>Nothing of it reaches the gateway's own engine, bus, journal, store or MQTT: the scratch
 * evaluator and bus have their own sensors and an output that only counts what it is given, and the
 * evaluator's time comes from the scratch records alone.
 */
public final class AlarmWarmup {
    private static final Logger log = LoggerFactory.getLogger(AlarmWarmup.class);
    /** The system property that sets how many scratch events to warm up with; 0 turns the warm-up off. */
    public static final String PROPERTY = "hazardgate.alarm.warmup";
    /** Enough scratch events for the JIT's top tier to compile the alarm path (about 10,000 uses). */
    static final long EVENTS = 40_000;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(20);
    /** Scratch points; each round of readings raises or clears an alarm on every one. */
    private static final int POINTS = 8;
    private static final String SITE = "alarm-warmup";
    private static final String DEVICE = "d1";
    private static final String YAML = """
            site: alarm-warmup
            name: Alarm path warm-up (never published)
            defaults: {flapping: off, escalation: off}
            hazardSources:
              - {id: W, name: Warm-up points, kind: major_hazard, grade: 1}
            devices:
              - {id: d1}
            sensors:
            """ + points();

    private AlarmWarmup() {}

    private static String points() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= POINTS; i++) {
            sb.append("  - {tag: W-").append(i).append(", source: W, device: d1, type: generic, period: 1m, range: [0, 100], ")
                    .append("thresholds: [{name: H, direction: high, level: 1, value: 90}, ")
                    .append("{name: HH, direction: high, level: 2, value: 95}]}\n");
        }
        return sb.toString();
    }

    /** What a warm-up did. */
    public record Result(long events, long publishedBytes, long nanos) {}

    /**
     * Starts the warm-up on a background thread with as many events as {@value #PROPERTY} asks for
     * (default {@value #EVENTS}); completes with null at once when that is 0.
     */
    public static CompletableFuture<Result> startInBackground() {
        return startInBackground(Long.getLong(PROPERTY, EVENTS));
    }

    static CompletableFuture<Result> startInBackground(long events) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        if (events <= 0) {
            done.complete(null);
            return done;
        }
        Thread t = new Thread(() -> {
            try {
                Result r = run(events, BUDGET_NANOS);
                log.info("alarm path warmed up: {} scratch alarm events in {} ms", r.events(), r.nanos() / 1_000_000);
                done.complete(r);
            } catch (RuntimeException e) {
                log.warn("the alarm path warm-up failed; alarms are evaluated and delivered as ever", e);
                done.completeExceptionally(e);
            }
        }, "alarm-warmup");
        t.setDaemon(true);
        t.start();
        return done;
    }

    /**
     * Raises and clears scratch alarms until {@code events} have been delivered on the scratch bus or
     * {@code budgetNanos} has passed, whichever comes first.
     */
    static Result run(long events, long budgetNanos) {
        long start = System.nanoTime();
        List<Site> sites = List.of(ConfigLoader.parseSite("(alarm warm-up)", YAML));
        SensorIndex index = new SensorIndex(sites, 1, 0);
        AtomicLong delivered = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AlarmOutput drop = (topic, payload, qos, retain) -> {
            bytes.addAndGet(payload.length);
            if (topic.startsWith("alarm/")) delivered.incrementAndGet(); // the events, not their state or colours
        };
        long t0 = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(t0), ZoneOffset.UTC);
        AlarmBus bus = new AlarmBus(sites, drop, AlarmRecorder.NONE, clock);
        AlarmEvaluator evaluator = new AlarmEvaluator(0, index, bus, clock);
        bus.start();
        byte[] site = SITE.getBytes(StandardCharsets.UTF_8);
        byte[] device = DEVICE.getBytes(StandardCharsets.UTF_8);
        byte[][] tags = new byte[POINTS][];
        int[] ids = new int[POINTS];
        for (int i = 0; i < POINTS; i++) {
            tags[i] = ("W-" + (i + 1)).getBytes(StandardCharsets.UTF_8);
            ids[i] = index.find(SITE, "W-" + (i + 1));
        }
        // each round moves every point one step along normal -> H -> HH -> H -> normal
        double[] cycle = {50, 92, 97, 92};
        BufferBytes record = BufferBytes.allocate(256);
        try {
            long made = 0;
            for (long round = 0; made < events && System.nanoTime() - start < budgetNanos; round++) {
                long ts = t0 + round * 1000;
                record.clear();
                ReadingBatch.writeHeader(record, index.generation(), ts, site, device, POINTS);
                for (int i = 0; i < POINTS; i++) {
                    double v = cycle[(int) ((round + i) % cycle.length)];
                    ReadingBatch.writeReading(record, ids[i], ts, v, Quality.GOOD.code(), tags[i], 0, tags[i].length);
                }
                evaluator.evaluate(record);
                made += POINTS;
                // keep the bus within reach: the point is compiled code, not a queue
                while (made - delivered.get() > 4 * POINTS && System.nanoTime() - start < budgetNanos) LockSupport.parkNanos(20_000);
            }
        } finally {
            bus.close();
        }
        return new Result(delivered.get(), bytes.get(), System.nanoTime() - start);
    }

}
