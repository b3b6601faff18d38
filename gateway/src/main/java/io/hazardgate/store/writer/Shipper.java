package io.hazardgate.store.writer;

import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.log.LogFrame;
import io.hazardgate.store.log.LogPosition;
import io.hazardgate.store.log.LogReader;
import io.hazardgate.store.log.RecordReadings;
import io.hazardgate.store.log.Segment;
import io.hazardgate.store.log.SegmentReader;
import io.hazardgate.store.log.StoreMetrics;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store writer: tails the durable log from the persisted shipped position and ships its records
 * as line protocol, at least once. One thread reads and encodes, filling batches up to a size limit
 * (or, once caught up, for a short linger); {@code inFlight} threads send them, each retrying its own
 * batch; the shipped position advances only over contiguous successes and is persisted, and then
 * retention may delete what lies behind it. Memory is bounded by the batch pool: when every batch is
 * in flight the reader waits and the backlog stays on disk.
 */
public final class Shipper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    /**
     * The store writer's cursor, {@code shipped.offset} beside the segments. Losing or damaging it only
     * makes the writer ship again from the oldest segment, which the idempotent schema absorbs, so it is
     * not forced to disk on every advance.
     */
    public static final LogCursor.Spec CURSOR = new LogCursor.Spec("shipped", LogCursor.Start.OLDEST, false,
            "records before this offset are in the time-series store");
    /** When idle, look again this often even without a wake-up (closing, a missed notification). */
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final DurableLog log;
    private final LineWriter writer;
    private final ShipperOptions options;
    private final StoreMetrics metrics;
    private final Clock clock;
    private final RecordLineEncoder encoder;
    private final RejectedLines rejected;
    private final LogCursor cursor;
    private final CommitTracker tracker;
    private final BlockingQueue<ShipBatch> free;
    private final ExecutorService senders;
    private final BatchSender sender;
    private final Thread readerThread;
    private final Object persistLock = new Object();
    private long persistedOffset = -1;

    private volatile boolean draining;
    private volatile boolean abandon;
    /** Append time of the first record of the batch being filled, or -1. */
    private volatile long fillingSince = -1;

    public Shipper(DurableLog log, LineWriter writer, SensorCatalog catalog, ShipperOptions options, StoreMetrics metrics,
            Clock clock, TableGuard guard) {
        this.log = log;
        this.writer = writer;
        this.options = options;
        this.metrics = metrics;
        this.clock = clock;
        this.encoder = new RecordLineEncoder(catalog);
        this.rejected = new RejectedLines(log.directory().resolve("rejected"));
        this.cursor = log.cursor(CURSOR.name());
        LogPosition start = cursor.committed();
        this.tracker = new CommitTracker(start, readingsBefore(log, start));
        this.free = new ArrayBlockingQueue<>(options.inFlight() + 1);
        for (int i = 0; i <= options.inFlight(); i++) free.add(new ShipBatch());
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(options.inFlight(), r -> {
            Thread t = new Thread(r, "hazardgate-store-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.sender = new BatchSender(writer, new Backoff(options.initialBackoff(), options.maxBackoff()), metrics,
                rejected, () -> abandon, guard);
        this.readerThread = new Thread(this::readLoop, "hazardgate-store-reader");
        this.readerThread.setDaemon(true);
        metrics.storeLagGauges(this::lagRecords, this::lagReadings, this::lagSeconds, () -> committed().offset());
        LOG.info("Store writer starts at log offset {} ({} records behind)", start.offset(), lagRecords());
    }

    public void start() { readerThread.start(); }

    /** Everything before this position is in the store. */
    LogPosition committed() { return tracker.committed(); }

    /** Durable records the store does not have yet. */
    public long lagRecords() { return Math.max(0, log.end().offset() - tracker.committed().offset()); }

    /** Readings in the durable records the store does not have yet. */
    public long lagReadings() {
        CommitTracker.ReadingsShipped shipped = tracker.readingsShipped();
        long total = 0;
        for (Segment s : log.segments().inOrder()) {
            if (s.baseOffset >= shipped.segmentBase()) total += s.readings;
        }
        return Math.max(0, total - shipped.readings());
    }

    /** Readings in the records of {@code start}'s segment before {@code start}: already in the store. */
    private static long readingsBefore(DurableLog log, LogPosition start) {
        Segment s = log.segments().get(start.segmentBase());
        if (s == null || start.position() <= LogFrame.SEGMENT_HEADER_BYTES) return 0;
        long readings = 0;
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
            SegmentReader r = new SegmentReader(ch, LogFrame.SEGMENT_HEADER_BYTES, log.options().maxRecordBytes(), 1 << 20);
            while (r.position() < start.position()) {
                SegmentReader.Result result = r.next(start.position());
                if (result == SegmentReader.Result.RECORD) {
                    readings += r.payloadReadings();
                } else if (result == SegmentReader.Result.END || r.resync(start.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot count the readings already shipped from {} ({}); the lag in readings is overstated "
                    + "until the writer leaves that segment", s.path, e.toString());
        }
        return readings;
    }

    /** How long the oldest record the store does not have yet has been waiting, in seconds. */
    public double lagSeconds() {
        if (lagRecords() == 0) return 0;
        long oldest = tracker.oldestInFlightAppendedAt();
        if (oldest < 0) oldest = fillingSince;
        return oldest < 0 ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }

    /** Uses a new sensor catalog for records read from now on. */
    public void catalog(SensorCatalog next) { encoder.catalog(next); }

    private void readLoop() {
        LogPosition start = tracker.committed();
        ShipBatch batch = null;
        try (LogReader reader = log.reader(start)) {
            while (!abandon) {
                if (batch == null) {
                    batch = free.poll(100, TimeUnit.MILLISECONDS);
                    if (batch == null) continue;
                    batch.reset();
                }
                LogPosition endSeen = log.end();
                boolean got;
                try {
                    got = reader.next();
                } catch (IOException e) {
                    LOG.error("Reading the local log failed: {}; trying again in a second", e.toString());
                    Thread.sleep(1000);
                    continue;
                }
                if (got) {
                    add(reader, batch);
                    if (batch.lines() >= options.maxLines() || batch.chars() >= options.maxChars()) {
                        submit(batch);
                        batch = null;
                    }
                } else if (!batch.isEmpty()) {
                    long lingered = System.nanoTime() - batch.startedNanos;
                    if (draining || lingered >= options.linger().toNanos()) {
                        submit(batch);
                        batch = null;
                    } else {
                        log.awaitEndAfter(endSeen, options.linger().toNanos() - lingered);
                    }
                } else if (draining) {
                    break;
                } else {
                    log.awaitEndAfter(endSeen, IDLE_WAIT_NANOS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("The store writer's reader stopped", e);
        }
        fillingSince = -1;
    }

    private void add(LogReader reader, ShipBatch batch) {
        if (batch.isEmpty()) {
            batch.firstOffset = reader.offset();
            batch.firstAppendedAt = reader.appendedAt();
            batch.startedNanos = System.nanoTime();
            fillingSince = batch.firstAppendedAt;
        }
        try {
            encoder.encode(reader.buffer(), reader.index(), reader.length(), batch);
        } catch (IllegalArgumentException e) {
            byte[] bytes = new byte[reader.length()];
            reader.buffer().getBytes(reader.index(), bytes);
            metrics.storeRejected.increment();
            rejected.record(reader.offset(), bytes, e.getMessage());
        }
        batch.records++;
        batch.lastOffset = reader.offset();
        batch.end = reader.position();
        if (batch.end.segmentBase() != batch.endSegmentBase) {
            batch.endSegmentBase = batch.end.segmentBase();
            batch.readingsInEndSegment = 0;
        }
        batch.readingsInEndSegment += RecordReadings.of(reader.buffer(), reader.index(), reader.length());
    }

    private void submit(ShipBatch batch) {
        fillingSince = -1;
        tracker.submitted(batch);
        senders.execute(() -> {
            if (batch.lines() == 0 || sender.send(batch)) completed(batch);
        });
    }

    private void completed(ShipBatch batch) {
        List<ShipBatch> committed = tracker.completed(batch);
        if (committed.isEmpty()) return;
        persist(committed.get(committed.size() - 1).end);
        for (ShipBatch b : committed) free.add(b);
    }

    private void persist(LogPosition pos) {
        synchronized (persistLock) {
            if (pos.offset() <= persistedOffset) return;
            persistedOffset = pos.offset();
            try {
                cursor.commit(pos);
            } catch (IOException e) {
                // Only costs a longer replay after a restart, which the idempotent schema absorbs.
                LOG.warn("Cannot persist the shipped offset {}: {}", pos.offset(), e.toString());
            }
        }
    }

    /**
     * Ships what the log holds and waits up to {@code timeout} for the store to take it; what is not
     * shipped by then stays in the log and is shipped after the next start.
     */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        draining = true;
        try {
            readerThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            senders.shutdown();
            if (!senders.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("The store did not take the last {} records in time; they stay in the local log and are "
                        + "shipped after the next start", lagRecords());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            abandon = true;
            senders.shutdownNow();
            try {
                readerThread.join(5000);
                senders.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer.close();
        }
    }

    /** Where lines the store refused are set aside. */
    public RejectedLines rejected() { return rejected; }

    /** Whether the last writes reached the time-series store (false while retrying after a failure). */
    public boolean storeReachable() { return sender.storeReachable(); }

    @Override
    public void close() { close(Duration.ofSeconds(10)); }
}
