package io.hazardgate.store;

import io.hazardgate.config.FsyncPolicy;
import io.hazardgate.config.Listener;
import io.hazardgate.config.LogSettings;
import io.hazardgate.config.StoreSettings;
import io.hazardgate.record.Bytes;
import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogOptions;
import io.hazardgate.store.log.StoreMetrics;
import io.hazardgate.store.questdb.EmbeddedQuestDb;
import io.hazardgate.store.questdb.QuestDbSql;
import io.hazardgate.store.questdb.QuestDbTables;
import io.hazardgate.store.writer.InfluxLineWriter;
import io.hazardgate.store.writer.Precision;
import io.hazardgate.store.writer.ReadingLineEncoder;
import io.hazardgate.store.writer.SensorCatalog;
import io.hazardgate.store.writer.ShipperOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures, by hand (never in a unit test), the three costs of the store path on this machine:
 * <ol>
 *   <li>log append + group commit per reading, for each fsync policy;</li>
 *   <li>store write throughput alone: prebuilt line protocol into embedded QuestDB, several requests in flight;</li>
 *   <li>backlog drain: a full log shipped to embedded QuestDB by the store writer.</li>
 * </ol>
 * Run: {@code mvn -q -B -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}
 * then {@code java -Xmx2g -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/cp.txt)
 * io.hazardgate.store.StoreBenchmark [readingsMillions]}.
 */
public final class StoreBenchmark {
    private static final int PER_RECORD = 100;
    private static final int TAGS = 1000;
    /** Records in flight, as a window of unacknowledged QoS 1 messages would bound them. */
    private static final int WINDOW = 20_000;

    public static void main(String[] args) throws Exception {
        double millions = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int records = (int) (millions * 1_000_000 / PER_RECORD);
        System.out.printf("machine: %d cores, max heap %d MB; %d records of %d readings, %d tags%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, records, PER_RECORD, TAGS);
        Path root = Files.createTempDirectory("hazardgate-bench");
        try {
            for (FsyncPolicy p : FsyncPolicy.values()) logAppend(root.resolve("log-" + p.wireName()), p, records);
            storeWriteAlone(root.resolve("write"), Math.min(records * PER_RECORD, 5_000_000));
            for (int inFlight : new int[] {1, 2, 4}) backlogDrain(root.resolve("drain-" + inFlight), records, inFlight);
        } finally {
            delete(root);
        }
    }

    private static void logAppend(Path dir, FsyncPolicy policy, int records) throws Exception {
        LogSettings settings = new LogSettings(policy, Duration.ofSeconds(1), 64L << 30, Duration.ofDays(1));
        StoreMetrics metrics = new StoreMetrics(new SimpleMeterRegistry());
        List<Bytes> prepared = prepare(records);
        try (DurableLog log = DurableLog.open(dir, LogOptions.of(settings), Clock.systemUTC(), metrics)) {
            Semaphore window = new Semaphore(WINDOW);
            long start = System.nanoTime();
            for (Bytes r : prepared) {
                window.acquire();
                log.append(r, window::release);
            }
            window.acquire(WINDOW);
            long nanos = System.nanoTime() - start;
            long readings = (long) records * PER_RECORD;
            System.out.printf("log append+commit, fsync %-11s: %,.0f readings/s, %.1f ns/reading, %,d records/s, "
                            + "%.0f records per group commit, %d fsyncs of mean %.2f ms, %.1f MB/s%n",
                    policy.wireName(), readings * 1e9 / nanos, (double) nanos / readings, (long) (records * 1e9 / nanos),
                    metrics.batchRecords.mean(), metrics.fsync.count(), metrics.fsync.mean(TimeUnit.MILLISECONDS),
                    metrics.logAppendBytes.count() / 1e6 / (nanos / 1e9));
        }
        delete(dir);
    }

    private static List<Bytes> prepare(int records) {
        String[] tags = Sites.tags(TAGS);
        long base = System.currentTimeMillis() - 86_400_000L;
        List<Bytes> out = new ArrayList<>(records);
        for (int r = 0; r < records; r++) {
            String[] slice = new String[PER_RECORD];
            for (int i = 0; i < PER_RECORD; i++) slice[i] = tags[(r * PER_RECORD + i) % TAGS];
            // each tag gets a fresh millisecond per pass over all tags, so no two readings share (tag, ts)
            out.add(Records.readings("plant", base + (long) r * PER_RECORD / TAGS * PER_RECORD, PER_RECORD, 0, slice));
        }
        return out;
    }

    private static void storeWriteAlone(Path dir, int lines) throws Exception {
        try (EmbeddedQuestDb db = EmbeddedQuestDb.start(dir, new Listener("127.0.0.1", 0), null)) { // loopback, no login
            new QuestDbTables(db.sql(), Duration.ofDays(30), Clock.systemUTC(), new StoreMetrics(new SimpleMeterRegistry()).schemaChanges).apply();
            SensorCatalog catalog = SensorCatalog.of(List.of(Sites.many("plant", TAGS)));
            int perBatch = ShipperOptions.DEFAULT_MAX_LINES;
            List<String> batches = new ArrayList<>();
            ReadingLineEncoder encoder = new ReadingLineEncoder(catalog);
            long base = System.currentTimeMillis() - 86_400_000L;
            long encodeNanos = 0;
            // The first pass warms the JIT up; the second is measured and its batches are sent.
            for (int pass = 0; pass < 2; pass++) {
                encodeNanos = 0;
                batches.clear();
                for (int done = 0; done < lines; ) {
                    StringBuilder sb = new StringBuilder(perBatch * 110);
                    for (int n = 0; n < perBatch && done < lines; n += PER_RECORD, done += PER_RECORD) {
                        Bytes rec = Records.readings("plant", base + done, PER_RECORD, 0, Sites.tags(TAGS));
                        long t = System.nanoTime();
                        encoder.encode(rec, 0, sb);
                        encodeNanos += System.nanoTime() - t;
                        rec.release();
                    }
                    batches.add(sb.toString());
                }
            }
            System.out.printf("line protocol encoding: %.1f ns/reading (%d bytes/line)%n", (double) encodeNanos / lines,
                    batches.get(0).length() / perBatch);
            for (int threads : new int[] {1, 2, 4}) {
                try (InfluxLineWriter writer = new InfluxLineWriter(db.url(), "", "bench", "bench", threads)) {
                    ExecutorService pool = Executors.newFixedThreadPool(threads);
                    long start = System.nanoTime();
                    List<Future<?>> fs = new ArrayList<>();
                    for (String b : batches) fs.add(pool.submit(() -> {
                        writer.write(b, 0, b.length(), Precision.MS);
                        return null;
                    }));
                    for (Future<?> f : fs) f.get();
                    long nanos = System.nanoTime() - start;
                    pool.shutdown();
                    System.out.printf("store write alone, embedded QuestDB, %d in flight, %d-line batches: %,.0f lines/s%n",
                            threads, perBatch, lines * 1e9 / nanos);
                }
            }
        }
    }

    private static void backlogDrain(Path dir, int records, int inFlight) throws Exception {
        LogSettings settings = LogSettings.DEFAULTS;
        try (DurableLog log = DurableLog.open(dir.resolve("log"), LogOptions.of(settings), Clock.systemUTC(),
                new StoreMetrics(new SimpleMeterRegistry()))) {
            Semaphore window = new Semaphore(WINDOW);
            for (Bytes r : prepare(records)) {
                window.acquire();
                log.append(r, window::release);
            }
            window.acquire(WINDOW);
        }
        StoreSettings store = new StoreSettings(StoreSettings.QUESTDB_EMBEDDED, new Listener("127.0.0.1", 0), "", "", "", "",
                StoreSettings.DEFAULT_RETENTION, settings, inFlight);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong lines = new AtomicLong();
        long start;
        try (Store s = Store.start(store, dir, SensorCatalog.of(List.of(Sites.many("plant", TAGS))), registry,
                Clock.systemUTC())) {
            start = System.nanoTime();
            while (s.lagRecords() > 0) Thread.sleep(5);
            long nanos = System.nanoTime() - start;
            lines.set((long) registry.get("hazardgate.store.lines").counter().count());
            System.out.printf("backlog drain log -> embedded QuestDB (%d in flight): %,.0f lines/s (%,d lines in %.1f s, "
                            + "%.0f requests, mean request %.0f ms)%n", store.inFlight(), lines.get() * 1e9 / nanos, lines.get(),
                    nanos / 1e9, registry.get("hazardgate.store.write").timer().count() * 1.0,
                    registry.get("hazardgate.store.write").timer().mean(TimeUnit.MILLISECONDS));
            long applyStart = System.nanoTime();
            QuestDbSql sql = s.sql().orElseThrow();
            while (sql.queryLong("select count() from reading") < lines.get()) Thread.sleep(100);
            System.out.printf("  QuestDB applied all rows %.1f s after the last write%n", (System.nanoTime() - applyStart) / 1e9);
        }
        delete(dir);
    }

    private static void delete(Path root) throws Exception {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
