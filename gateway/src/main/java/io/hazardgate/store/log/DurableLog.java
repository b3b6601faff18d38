package io.hazardgate.store.log;

import io.hazardgate.config.FsyncPolicy;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.LogState;
import io.hazardgate.record.RecordLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable ingest log: a directory of segment files written by one thread with group commit.
 * {@link #append} only enqueues, so the event loop never waits for the disk; the log's thread takes
 * everything queued, writes it with one write and (by default) one fsync, then runs the callbacks in
 * append order. Its consumers (the store writer, platform uplinks, the statistics) each read it with a
 * {@link LogReader} from their own {@link LogCursor}, declared when the log opens; retention deletes only
 * what every cursor has committed, so the slowest consumer decides what stays.
 */
public final class DurableLog implements RecordLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableLog.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long RETENTION_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After a failed write, wait before trying the disk again rather than spinning on a full disk. */
    private static final long FAILURE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Path dir;
    private final LogOptions options;
    private final Clock clock;
    private final StoreMetrics metrics;
    private final Segments segments;
    private final SegmentWriter writer;
    private final GroupCommit groupCommit;
    private final LogRetention retention;
    private final ConcurrentLinkedQueue<PendingAppend> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Consumer<LogState>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private final DirectoryLock lock;
    private final Object endMonitor = new Object();
    private volatile boolean readerWaiting;

    private volatile boolean sleeping;
    private volatile boolean closing;
    private volatile boolean terminated;
    private volatile LogState state = LogState.ACCEPTING;
    private volatile LogPosition durableEnd;
    private final Map<String, LogCursor> cursors = new LinkedHashMap<>();
    private boolean failing;
    private long lastForceNanos = System.nanoTime();
    private long lastRetentionNanos;

    private DurableLog(Path dir, LogOptions options, Clock clock, StoreMetrics metrics, DirectoryLock lock,
                       List<LogCursor.Spec> cursorSpecs) throws IOException {
        this.lock = lock;
        this.dir = dir;
        this.options = options;
        this.clock = clock;
        this.metrics = metrics;
        this.segments = LogRecovery.recover(dir, options, metrics);
        this.writer = new SegmentWriter(dir, options, segments, metrics);
        this.groupCommit = new GroupCommit(writer, options, metrics, clock);
        this.retention = new LogRetention(segments, options.settings(), clock);
        this.durableEnd = endOf(writer.segment());
        for (LogCursor.Spec spec : cursorSpecs) {
            if (cursors.put(spec.name(), LogCursor.load(spec, dir, segments, durableEnd)) != null) {
                throw new IllegalArgumentException("log cursor '" + spec.name() + "' declared twice");
            }
        }
        reportUndeclaredCursors(dir);
        metrics.logGauges(segments::totalBytes, segments::count, queue::size);
        metrics.logStateGauges(() -> state == LogState.BUDGET_REACHED ? 1 : 0, () -> state == LogState.FAILING ? 1 : 0);
        this.thread = new Thread(this::run, "hazardgate-log");
        this.thread.setDaemon(true);
    }

    /** Opens (recovering) the log in {@code dir} without consumers (it then deletes nothing) and starts its thread. */
    public static DurableLog open(Path dir, LogOptions options, Clock clock, StoreMetrics metrics) throws IOException {
        return open(dir, options, clock, metrics, List.of());
    }

    /**
     * Opens (recovering) the log in {@code dir} with the cursors of its consumers, loaded from their files
     * before retention first runs, and starts its thread.
     */
    public static DurableLog open(Path dir, LogOptions options, Clock clock, StoreMetrics metrics,
                                  List<LogCursor.Spec> cursors) throws IOException {
        DirectoryLock lock = DirectoryLock.acquire(dir);
        DurableLog log;
        try {
            log = new DurableLog(dir, options, clock, metrics, lock, cursors);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        LOG.info("Durable log {} opened: {} segments, {} bytes, offsets {}..{}, fsync {}", dir, log.segments.count(),
                log.segments.totalBytes(), log.segments.first().baseOffset, log.durableEnd.offset(),
                options.settings().fsync().wireName());
        log.thread.start();
        return log;
    }

    @Override
    public void append(Bytes record, Runnable onDurable) {
        append(record, onDurable, e -> LOG.debug("Record not made durable: {}", e.toString()));
    }

    @Override
    public void append(Bytes record, Runnable onDurable, Consumer<Exception> onFailed) {
        if (closing) {
            record.release();
            metrics.logAppendFailures.increment();
            onFailed.accept(new IOException("the log is closed"));
            return;
        }
        queue.offer(new PendingAppend(record, onDurable, onFailed));
        if (terminated) {
            failStragglers();
        } else if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Runs {@code onDurable} once every record appended before this call is durable, in order with the
     * records' own callbacks, on the log's thread; {@code onFailed} instead if the group commit it rides
     * with fails or the log is closed. Writes nothing: a barrier for callers that append several records
     * and wait for them all. A record that failed in an earlier group commit does not fail the barrier;
     * the caller sees it in that record's own {@code onFailed}.
     */
    public void afterDurable(Runnable onDurable, Consumer<Exception> onFailed) {
        if (closing) {
            onFailed.accept(new IOException("the log is closed"));
            return;
        }
        queue.offer(new PendingAppend(null, onDurable, onFailed));
        if (terminated) {
            failStragglers();
        } else if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    /** Damaged records found so far: when the log was opened, and by readers since. */
    public long corruptRecordsSeen() { return metrics.corruptRecordsSeen(); }

    @Override
    public LogState state() { return state; }

    @Override
    public void addStateListener(Consumer<LogState> listener) { listeners.add(listener); }

    /** Where the durable records end: what a reader may read up to. */
    public LogPosition end() { return durableEnd; }

    /** The first record still on disk. */
    public LogPosition start() { return LogPosition.segmentStart(segments.first().baseOffset); }

    /**
     * Waits until the durable end moves on from {@code seen} (a value of {@link #end()}), or the timeout
     * passes; the store writer waits here when it has caught up instead of polling.
     */
    public void awaitEndAfter(LogPosition seen, long timeoutNanos) throws InterruptedException {
        if (durableEnd != seen) return;
        synchronized (endMonitor) {
            readerWaiting = true;
            try {
                if (durableEnd == seen && !closing) TimeUnit.NANOSECONDS.timedWait(endMonitor, timeoutNanos);
            } finally {
                readerWaiting = false;
            }
        }
    }

    private void publishEnd(LogPosition end) {
        durableEnd = end;
        if (readerWaiting) {
            synchronized (endMonitor) {
                endMonitor.notifyAll();
            }
        }
    }

    /** The cursor declared under {@code name} when the log opened. */
    public LogCursor cursor(String name) {
        LogCursor c = cursors.get(name);
        if (c == null) throw new IllegalArgumentException("no log cursor '" + name + "' was declared; declared: " + cursors.keySet());
        return c;
    }

    /** Every declared cursor, in declaration order. */
    public List<LogCursor> cursors() { return List.copyOf(cursors.values()); }

    /** What retention may delete before: the slowest cursor's commit; with no consumer, nothing. */
    private long retainFrom() {
        long min = Long.MAX_VALUE;
        for (LogCursor c : cursors.values()) min = Math.min(min, c.committed().offset());
        return min == Long.MAX_VALUE ? segments.first().baseOffset : min;
    }

    /** A cursor file left by a consumer no longer configured holds nothing back: say so once. */
    private void reportUndeclaredCursors(Path dir) throws IOException {
        try (java.nio.file.DirectoryStream<Path> ds = java.nio.file.Files.newDirectoryStream(dir, "*" + LogCursor.SUFFIX)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                name = name.substring(0, name.length() - LogCursor.SUFFIX.length());
                if (!cursors.containsKey(name)) {
                    LOG.info("Log cursor file {} belongs to no configured consumer: it does not hold back retention", p);
                }
            }
        }
    }

    /** A reader of the durable records from {@code from} on. */
    public LogReader reader(LogPosition from) { return new LogReader(this, from); }

    public Segments segments() { return segments; }

    public LogOptions options() { return options; }

    StoreMetrics metrics() { return metrics; }

    public Path directory() { return dir; }

    /** Runs retention now on the log's thread; for tests and operators who need space at once. */
    CompletableFuture<Void> enforceRetention() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.offer(() -> {
            applyRetention();
            done.complete(null);
        });
        LockSupport.unpark(thread);
        return done;
    }

    private void run() {
        List<PendingAppend> batch = new ArrayList<>();
        while (true) {
            runTasks();
            maintain();
            if (drain(batch)) {
                GroupCommit.Outcome outcome = groupCommit.write(batch);
                // Readers and state listeners see the new state before any callback runs.
                if (outcome.failure() == null) publishEnd(endOf(writer.segment()));
                setFailing(outcome.failure() != null, outcome.failure());
                if (segments.totalBytes() >= options.settings().maxBytes() / 10 * 9) applyRetention();
                groupCommit.complete(batch, outcome);
                batch.clear();
                if (outcome.failure() != null && !closing) LockSupport.parkNanos(this, FAILURE_BACKOFF_NANOS);
            } else if (closing) {
                break;
            } else {
                sleeping = true;
                if (queue.isEmpty() && tasks.isEmpty()) LockSupport.parkNanos(this, parkNanos());
                sleeping = false;
            }
        }
        try {
            writer.close();
        } catch (IOException e) {
            LOG.error("Closing the log's active segment failed: {}", e.toString());
        }
        terminated = true;
        failStragglers();
        lock.close();
    }

    /** Takes queued records up to the batch size; false if none. */
    private boolean drain(List<PendingAppend> batch) {
        long bytes = 0;
        PendingAppend p;
        while (bytes < options.maxBatchBytes() && (p = queue.poll()) != null) {
            batch.add(p);
            if (p.record != null) bytes += LogFrame.HEADER_BYTES + p.record.readableBytes();
        }
        return !batch.isEmpty();
    }

    private void maintain() {
        long now = System.nanoTime();
        if (options.settings().fsync() == FsyncPolicy.INTERVAL && writer.hasUnforcedWrites()
                && now - lastForceNanos >= options.settings().fsyncInterval().toNanos()) {
            lastForceNanos = now;
            try {
                writer.force();
            } catch (IOException e) {
                LOG.error("Periodic fsync of the log failed: {}", e.toString());
                setFailing(true, e);
            }
        }
        if (now - lastRetentionNanos >= RETENTION_PERIOD_NANOS) applyRetention();
    }

    private long parkNanos() {
        if (options.settings().fsync() == FsyncPolicy.INTERVAL && writer.hasUnforcedWrites()) {
            return Math.min(IDLE_PARK_NANOS, options.settings().fsyncInterval().toNanos());
        }
        return IDLE_PARK_NANOS;
    }

    private void applyRetention() {
        lastRetentionNanos = System.nanoTime();
        retention.enforce(retainFrom());
        updateState();
    }

    private void runTasks() {
        Runnable t;
        while ((t = tasks.poll()) != null) t.run();
    }

    private void setFailing(boolean nowFailing, IOException cause) {
        if (nowFailing && !failing) {
            LOG.error("Durable log {} cannot write: {}. Records are refused and never acknowledged until writes "
                    + "succeed again", dir, cause.toString());
        } else if (!nowFailing && failing) {
            LOG.info("Durable log {} writes again", dir);
        }
        failing = nowFailing;
        updateState();
    }

    private void updateState() {
        LogState next = failing ? LogState.FAILING
                : retention.budgetReached() ? LogState.BUDGET_REACHED : LogState.ACCEPTING;
        if (next == state) return;
        state = next;
        for (Consumer<LogState> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("A log state listener failed", e);
            }
        }
    }

    private void failStragglers() {
        PendingAppend p;
        while ((p = queue.poll()) != null) {
            if (p.record != null) {
                p.record.release();
                metrics.logAppendFailures.increment();
            }
            p.onFailed.accept(new IOException("the log is closed"));
        }
    }

    private static LogPosition endOf(Segment s) {
        return new LogPosition(s.endOffset(), s.baseOffset, s.size);
    }

    /** Writes what is queued, forces it to disk and stops the log's thread; later appends are refused. */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Durable log {} closed at offset {}", dir, durableEnd.offset());
    }
}
