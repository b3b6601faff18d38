package io.hazardgate.bench;

import io.hazardgate.alarm.AlarmEvaluator;
import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.ReadingBatch;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Hand-run measurement of heap per sensor: configures N sensors of {@link RealisticPlant} (every one with
 * thresholds, a rate trend, no-data and faults), builds the engine's state for them on two shards, feeds
 * each sensor a day of readings (so windows and alarm slots are populated), and prints the retained heap
 * after each step. Run with the heap the goal names:
 *
 * <pre>java -Xmx512m -cp benchmarks/target/hazardgate-benchmarks.jar io.hazardgate.bench.SensorMemory 100000</pre>
 */
public final class SensorMemory {
    private SensorMemory() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long base = used();
        Site site = RealisticPlant.site(n);
        long config = used();
        SensorIndex index = new SensorIndex(List.of(site), 2, 1);
        long indexed = used();
        long[] events = new long[1];
        AlarmEvaluator[] shards = {new AlarmEvaluator(0, index, e -> events[0]++, Clock.systemUTC()),
                new AlarmEvaluator(1, index, e -> events[0]++, Clock.systemUTC())};
        long built = used();
        long t = 1_732_350_000_000L;
        BufferBytes rec = BufferBytes.allocate(64 * 1024);
        byte[] siteBytes = "plant".getBytes(StandardCharsets.UTF_8);
        // 48 readings per sensor, half an hour apart: a day of history, every window filled
        for (int step = 0; step < 48; step++) {
            t += 1_800_000L;
            for (int first = 0; first < n; first += 50) {
                rec.clear();
                int count = Math.min(50, n - first);
                ReadingBatch.writeHeader(rec, 1, t, siteBytes, RealisticPlant.device(first).getBytes(StandardCharsets.UTF_8), count);
                for (int i = first; i < first + count; i++) {
                    BufferBytes tag = BufferBytes.wrap(RealisticPlant.tag(i).getBytes(StandardCharsets.UTF_8));
                    double v = RealisticPlant.normal(i) * (1 + 0.002 * Math.sin(step + i));
                    if (i % 997 == 0 && step > 40) v = 90; // some alarms, so some alarm slots exist
                    ReadingBatch.writeReading(rec, index.find("plant", RealisticPlant.tag(i)), t, v, (byte) 0, tag, 0, tag.readableBytes());
                }
                for (AlarmEvaluator e : shards) e.evaluate(rec);
            }
        }
        long fed = used();
        System.out.printf("sensors: %d, heap max %d MB%n", n, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("configuration (Site, Sensor records):   %6.1f MB  %5d B/sensor%n", mb(config - base), (config - base) / n);
        System.out.printf("sensor index:                           %6.1f MB  %5d B/sensor%n", mb(indexed - config), (indexed - config) / n);
        System.out.printf("engine state, built:                    %6.1f MB  %5d B/sensor%n", mb(built - indexed), (built - indexed) / n);
        System.out.printf("engine state, after a day of readings:  %6.1f MB  %5d B/sensor%n", mb(fed - indexed), (fed - indexed) / n);
        System.out.printf("total retained:                         %6.1f MB%n", mb(fed - base));
        System.out.printf("readings evaluated: %d, alarm events: %d%n", shards[0].evaluated() + shards[1].evaluated(), events[0]);
        if (shards[0].evaluated() < 0) System.out.println(site.id() + index.size()); // keep everything reachable
    }

    private static double mb(long bytes) { return bytes / 1048576.0; }

    private static long used() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
