package io.hazardgate.bench;

import io.hazardgate.alarm.AlarmEvaluator;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.Site;
import io.hazardgate.ingest.SensorIndex;
import io.hazardgate.ingest.TelemetryDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path per reading: decode a telemetry message straight from its buffer and evaluate every
 * reading against the demo plant's rules (gas L1/L2, tank H/HH/L/LL, tailings four colours). Values
 * move around the limits so alarms raise and clear as in a live plant. Results are per reading.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class HotPathBenchmark {
    /** Readings per message, as a data logger batches them. */
    static final int READINGS = 50;
    static final int MESSAGES = 64;

    private final TelemetryDecoder decoder = new TelemetryDecoder();
    private SensorIndex index;
    private SensorIndex.SiteEntry site;
    private AlarmEvaluator evaluator;
    private ByteBuf[] messages;
    private ByteBuf out;
    private long alarms;
    private int next;
    private long now = 1_732_350_000_000L;
    private static final java.util.Map<String, Double> NORMAL = java.util.Map.of(
            "GT-101", 5.0, "GT-102", 2.0, "LT-101", 10.0, "TT-101", 25.0, "PT-101", 1.0,
            "GNSS-01", 10.0, "PZ-01", 12.0, "WL-01", 140.0, "DB-01", 200.0, "RG-01", 5.0);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Site demo = ConfigLoader.loadSite(findConfig().resolve("demo-plant.yaml"));
        index = new SensorIndex(List.of(demo), 1, 1);
        site = index.site("demo");
        evaluator = new AlarmEvaluator(0, index, e -> alarms++, Clock.systemUTC());
        String[] tags = demo.sensors().stream().map(s -> s.tag()).toArray(String[]::new);
        SplittableRandom r = new SplittableRandom(1);
        messages = new ByteBuf[MESSAGES];
        for (int m = 0; m < MESSAGES; m++) {
            StringBuilder sb = new StringBuilder("{\"readings\":[");
            for (int i = 0; i < READINGS; i++) {
                if (i > 0) sb.append(',');
                String tag = tags[i % tags.length];
                // mostly calm values with noise; one reading in 500 jumps high, so alarms raise and clear now and then
                double v = r.nextInt(500) == 0 ? 60 : NORMAL.getOrDefault(tag, 1.0) * (1 + r.nextDouble(-0.01, 0.01));
                sb.append("{\"tag\":\"").append(tag).append("\",\"value\":").append(Math.round(v * 1000) / 1000.0).append('}');
            }
            messages[m] = Unpooled.directBuffer().writeBytes(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        out = PooledByteBufAllocator.DEFAULT.directBuffer(8192);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf m : messages) m.release();
        out.release();
    }

    @Benchmark
    @OperationsPerInvocation(READINGS)
    public long decodeAndEvaluate() {
        ByteBuf msg = messages[next++ & (MESSAGES - 1)];
        out.clear();
        // readings take the arrival time, which moves forward, so every reading is live (none late)
        if (!decoder.decode(msg, index, site, DEVICE, now++, out)) throw new IllegalStateException(decoder.error());
        evaluator.evaluate(out);
        return alarms;
    }

    @Benchmark
    @OperationsPerInvocation(READINGS)
    public int decodeOnly() {
        ByteBuf msg = messages[next++ & (MESSAGES - 1)];
        out.clear();
        if (!decoder.decode(msg, index, site, DEVICE, now++, out)) throw new IllegalStateException(decoder.error());
        return out.writerIndex();
    }

    private static final byte[] DEVICE = "dtu-tf1".getBytes(StandardCharsets.UTF_8);

    static Path findConfig() {
        for (Path p : new Path[] {Path.of("config"), Path.of("../config")}) {
            if (Files.isRegularFile(p.resolve("demo-plant.yaml"))) return p;
        }
        throw new IllegalStateException("run from the repository root: config/demo-plant.yaml not found");
    }
}
