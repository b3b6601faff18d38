package io.hazardgate.bench;

import io.hazardgate.NettyBytes;
import io.hazardgate.alarm.AlarmEvaluator;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.TelemetryDecoder;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
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
 * reading against the realistic rule set of {@link RealisticPlant} (thresholds with deadband, a
 * least-squares rate trend, no-data, faults) on 1,200 sensors. Messages carry 50 readings of one data
 * logger; time moves a second per message, so every sensor reports every 24 s and its trend windows
 * fill as in a live plant. Values are calm with noise; one reading in 500 jumps, so alarms raise and
 * clear now and then. Results are per reading. Each payload is wrapped as the gateway's MQTT edge wraps
 * it, one small object per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class HotPathBenchmark {
    /** Readings per message, as a data logger batches them. */
    static final int READINGS = 50;
    static final int SENSORS = 1_200;
    static final int MESSAGES = SENSORS / READINGS * 8;

    private final TelemetryDecoder decoder = new TelemetryDecoder();
    private SensorIndex index;
    private SensorIndex.SiteEntry site;
    private AlarmEvaluator evaluator;
    private ByteBuf[] messages;
    private byte[][] devices;
    private ByteBuf outBuf;
    /** The record as ingest writes it: the transport's pooled buffer behind {@link Bytes}. */
    private Bytes out;
    private long alarms;
    private int next;
    private long now = 1_732_350_000_000L;

    @Setup(Level.Trial)
    public void setUp() {
        Site plant = RealisticPlant.site(SENSORS);
        index = new SensorIndex(List.of(plant), 1, 1);
        site = index.site("plant");
        evaluator = new AlarmEvaluator(0, index, e -> alarms++, Clock.systemUTC());
        SplittableRandom r = new SplittableRandom(1);
        messages = new ByteBuf[MESSAGES];
        devices = new byte[MESSAGES][];
        int loggers = SENSORS / READINGS;
        for (int m = 0; m < MESSAGES; m++) {
            int logger = m % loggers;
            StringBuilder sb = new StringBuilder("{\"readings\":[");
            for (int k = 0; k < READINGS; k++) {
                int i = logger * READINGS + k;
                if (k > 0) sb.append(',');
                double v = r.nextInt(500) == 0 ? 90 : RealisticPlant.normal(i) * (1 + r.nextDouble(-0.01, 0.01));
                sb.append("{\"tag\":\"").append(RealisticPlant.tag(i)).append("\",\"value\":").append(Math.round(v * 1000) / 1000.0).append('}');
            }
            messages[m] = Unpooled.directBuffer().writeBytes(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
            devices[m] = RealisticPlant.device(logger * READINGS).getBytes(StandardCharsets.UTF_8);
        }
        outBuf = PooledByteBufAllocator.DEFAULT.directBuffer(8192);
        out = new NettyBytes(outBuf);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf m : messages) m.release();
        outBuf.release();
    }

    @Benchmark
    @OperationsPerInvocation(READINGS)
    public long decodeAndEvaluate() {
        int m = next++ % MESSAGES;
        outBuf.clear();
        // readings take the arrival time, a second later each message, so every reading is live (none late)
        now += 1000;
        if (!decoder.decode(new NettyBytes(messages[m]), index, site, devices[m], now, out)) throw new IllegalStateException(decoder.error());
        evaluator.evaluate(out);
        return alarms;
    }

    @Benchmark
    @OperationsPerInvocation(READINGS)
    public int decodeOnly() {
        int m = next++ % MESSAGES;
        outBuf.clear();
        now += 1000;
        if (!decoder.decode(new NettyBytes(messages[m]), index, site, devices[m], now, out)) throw new IllegalStateException(decoder.error());
        return outBuf.writerIndex();
    }
}
