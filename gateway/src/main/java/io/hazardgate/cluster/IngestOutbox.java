package io.hazardgate.cluster;

import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.DeviceStatusSink;
import io.hazardgate.record.LogState;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.record.RecordLog;
import io.hazardgate.config.LogSettings;
import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogOptions;
import io.hazardgate.store.log.StoreMetrics;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.log.LogPosition;
import io.hazardgate.store.log.LogReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ingest node's way into the cluster, with its local durable log as the outbox while Kafka does
 * not take records. Every accepted reading batch, operator command and logger status goes one of two
 * ways, one at a time:
 * <ul>
 *   <li><b>direct</b>: sent to the readings topic; the device has its PUBACK once Kafka has the record
 *       on every in-sync replica ({@code acks=all});</li>
 *   <li><b>outbox</b>: as soon as one send fails for want of Kafka (no answer within the delivery
 *       timeout, no leader, no broker), the node switches: every record not yet answered, in the order
 *       it arrived, then every record after it, is appended to the log in {@code dataDir/outbox} and
 *       acknowledged once it is on disk, as the single process does. A shipper thread sends the log to
 *       Kafka in order from its checkpoint; once it has caught up with nothing pending, the node goes
 *       direct again.</li>
 * </ul>
 * The switch keeps each site's order: records are diverted in arrival order before any later one is
 * taken. A record may reach Kafka twice (sent directly, timed out and yet written; shipped again after a
 * crash before the checkpoint moved): at least once, as a device's resend is. The alarm engine takes a
 * reading it has already evaluated as a duplicate, and the store takes a row written twice as one.
 * A log that holds records past its checkpoint when the node starts (Kafka was away when it stopped or
 * crashed) puts the node in outbox mode until they are shipped. A full log (its disk budget) holds
 * publishers back, as in the single process.
 */
public final class IngestOutbox implements RecordLog, DeviceStatusSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestOutbox.class);
    /** The outbox directory under the node's data directory. */
    public static final String DIR = "outbox";
    /**
     * The outbox's one consumer, the shipper to Kafka ({@code kafka.offset} beside the segments). Losing it
     * only sends the outbox's records again (at least once, which the alarm tier and the store absorb),
     * so it is not forced to disk on every advance.
     */
    static final LogCursor.Spec CURSOR = new LogCursor.Spec("kafka", LogCursor.Start.OLDEST, false,
            "how far Kafka has this ingest node's outbox");
    /**
     * A larger record is refused up front: Kafka's default request and message limits are 1 MiB, and a
     * record the outbox acknowledged must be one Kafka can take.
     */
    static final int MAX_RECORD_BYTES = 1_000_000;
    /** Records the shipper has sent and Kafka not yet answered. */
    static final int MAX_IN_FLIGHT = 1000;
    private static final long RETRY_MS = 1000;
    private static final long CHECKPOINT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final ReadingProducer producer;
    private final DurableLog outbox;
    /** How far Kafka has the outbox; retention deletes only what lies behind it. */
    private final LogCursor checkpoint;
    private final Clock clock;
    private final Object lock = new Object();
    /** Sent directly, not yet answered, in arrival order. Guarded by {@link #lock}. */
    private final LinkedHashSet<Pending> direct = new LinkedHashSet<>();
    private final ReadingBatch batch = new ReadingBatch();
    /** Appends to the outbox not yet on disk (or failed). */
    private final AtomicInteger appending = new AtomicInteger();
    private final Tracker tracker;
    private final Thread shipper;
    private final Counter kept;
    private final Counter shipped;
    private final Counter refused;
    private final Counter switches;
    private volatile boolean outboxMode;
    private volatile boolean running = true;
    private LogPosition persisted;
    private long persistedAt;

    IngestOutbox(ReadingProducer producer, DurableLog outbox, Clock clock, MeterRegistry meters) {
        this.producer = producer;
        this.outbox = outbox;
        this.clock = clock;
        this.checkpoint = outbox.cursor(CURSOR.name());
        LogPosition from = checkpoint.committed();
        this.tracker = new Tracker(from);
        this.persisted = from;
        this.outboxMode = from.offset() < outbox.end().offset();
        this.kept = ClusterMetrics.outboxRecords(meters);
        this.shipped = ClusterMetrics.outboxShipped(meters);
        this.refused = ClusterMetrics.readingsRefused(meters);
        this.switches = ClusterMetrics.outboxSwitches(meters);
        ClusterMetrics.outboxActive(meters, () -> outboxMode ? 1 : 0);
        ClusterMetrics.outboxBacklog(meters, this::backlog);
        this.shipper = new Thread(this::ship, "outbox-shipper");
        this.shipper.setDaemon(true);
        if (outboxMode) {
            log.warn("the outbox {} holds {} records Kafka does not have yet (offsets {}..{}): they are sent first, "
                    + "and new records join them until Kafka has caught up", outbox.directory(), backlog(), from.offset(),
                    outbox.end().offset());
        }
    }

    /**
     * Opens (recovering) the outbox under {@code dataDir} with the store's log settings (fsync policy,
     * disk budget) and starts shipping it. {@code logMeters} takes the log's own meters
     * ({@code hazardgate.log.*}).
     */
    public static IngestOutbox open(ReadingProducer producer, Path dataDir, LogSettings settings, Clock clock,
                                    MeterRegistry meters, MeterRegistry logMeters) throws IOException {
        DurableLog log = DurableLog.open(dataDir.resolve(DIR), LogOptions.of(settings), clock, new StoreMetrics(logMeters),
                List.of(CURSOR));
        try {
            IngestOutbox o = new IngestOutbox(producer, log, clock, meters);
            o.shipper.start();
            return o;
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** Whether records go to the outbox now (Kafka does not take them, or the outbox is not shipped yet). */
    public boolean outboxActive() { return outboxMode; }

    /** Records in the outbox Kafka does not have yet. */
    public long backlog() { return Math.max(0, outbox.end().offset() - tracker.committed().offset()); }

    @Override
    public void append(Bytes record, Runnable onDurable) {
        append(record, onDurable, e -> log.debug("record not taken: {}", e.toString()));
    }

    @Override
    public void append(Bytes record, Runnable onDurable, Consumer<Exception> onFailed) {
        byte[] value;
        try {
            value = new byte[record.readableBytes()];
            record.getBytes(record.readerIndex(), value);
        } finally {
            record.release();
        }
        submit(null, value, onDurable, onFailed);
    }

    /** Sends a command to the alarm tier, in order with the site's readings; completes once Kafka or the outbox has it. */
    public CompletableFuture<Void> command(String site, Command c) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(site, Command.encode(c), () -> done.complete(null), done::completeExceptionally);
        return done;
    }

    @Override
    public void deviceOffline(String site, String device) {
        command(site, new Command.DeviceOffline(clock.millis(), site, device)).exceptionally(e -> {
            log.warn("could not tell the alarm tier that logger {}/{} went offline: {}", site, device, e.toString());
            return null;
        });
    }

    private void submit(String site, byte[] value, Runnable onDurable, Consumer<Exception> onFailed) {
        if (value.length > MAX_RECORD_BYTES) {
            refused.increment();
            onFailed.accept(new RecordTooLargeException("record of " + value.length + " bytes; Kafka takes at most "
                    + MAX_RECORD_BYTES));
            return;
        }
        synchronized (lock) {
            String s = site != null ? site : batch.wrap(BufferBytes.wrap(value)).site();
            Pending p = new Pending(s, value, onDurable, onFailed);
            if (outboxMode) {
                keep(p);
            } else {
                direct.add(p);
                producer.send(s, value, e -> sent(p, e));
            }
        }
    }

    /** Kafka's answer to a direct send; runs on the producer's thread (or the caller's, for a record failed at once). */
    private void sent(Pending p, Exception e) {
        if (e == null) {
            synchronized (lock) {
                direct.remove(p);
            }
            p.ok(); // also when it was diverted meanwhile: Kafka has it, whichever answer comes first stands
            return;
        }
        synchronized (lock) {
            if (!direct.contains(p)) return; // diverted into the outbox, which answers it
            if (!retriable(e)) {
                direct.remove(p);
                refused.increment();
                log.warn("Kafka refuses a record of site {} ({}): refused to the device", p.site, e.toString());
                p.fail(e);
                return;
            }
            switchToOutbox(e);
        }
    }

    private static boolean retriable(Exception e) {
        // timeouts, no leader, brokers away, and refusals an operator can fix (authorisation): the outbox
        // keeps the record until Kafka takes it; a record Kafka can never take is refused instead
        return e instanceof KafkaException && !(e instanceof RecordTooLargeException || e instanceof SerializationException);
    }

    /** Holding the lock: from now on records go to the outbox, beginning with every one not answered yet. */
    private void switchToOutbox(Exception cause) {
        outboxMode = true;
        switches.increment();
        log.warn("Kafka does not take records ({}): keeping {} unanswered and all new records in the local outbox {}, "
                + "acknowledged from disk; they go to Kafka in order once it answers", cause.toString(), direct.size(),
                outbox.directory());
        for (Pending q : direct) keep(q);
        direct.clear();
    }

    /** Holding the lock: appends to the outbox; the device is answered once it is on disk. */
    private void keep(Pending p) {
        appending.incrementAndGet();
        kept.increment();
        outbox.append(BufferBytes.wrap(p.value), () -> {
            appending.decrementAndGet();
            p.ok();
        }, e -> {
            appending.decrementAndGet();
            refused.increment();
            p.fail(e);
        });
    }

    @Override
    public LogState state() { return outbox.state(); }

    @Override
    public void addStateListener(Consumer<LogState> listener) { outbox.addStateListener(listener); }

    // ---- the shipper: the outbox to Kafka, in order, from the checkpoint

    private void ship() {
        ReadingBatch shipping = new ReadingBatch();
        while (running) {
            LogPosition from = resumable(tracker.committed());
            try (LogReader reader = outbox.reader(from)) {
                shipFrom(reader, shipping);
            } catch (IOException | RuntimeException e) {
                log.error("outbox shipper: {}; reading again from offset {}", e.toString(), tracker.committed().offset());
            } catch (InterruptedException e) {
                return;
            }
            // a send failed: let what is in flight settle, then go again from the last record Kafka has with all before it
            try {
                Exception why = tracker.awaitSettled();
                if (why != null) log.debug("outbox shipper: Kafka did not take a record ({}); again in {} ms", why.toString(), RETRY_MS);
                if (running) Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void shipFrom(LogReader reader, ReadingBatch shipping) throws IOException, InterruptedException {
        while (running && !tracker.failing()) {
            progress();
            if (tracker.inFlight() >= MAX_IN_FLIGHT) {
                tracker.awaitProgress(100);
                continue;
            }
            LogPosition end = outbox.end();
            if (!reader.next()) {
                outbox.awaitEndAfter(end, TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            byte[] value = new byte[reader.length()];
            reader.buffer().getBytes(reader.index(), value);
            Tracker.Entry entry = tracker.add(reader.position());
            String site = siteOf(value, shipping);
            if (site == null) {
                // cannot happen for what this node wrote; a damaged record is reported, not sent
                log.error("outbox {}: record at offset {} is neither a reading batch nor a command; skipped", outbox.directory(),
                        reader.offset());
                tracker.done(entry, null);
                continue;
            }
            producer.send(site, value, e -> {
                if (e == null) shipped.increment();
                tracker.done(entry, e);
            });
        }
    }

    private static String siteOf(byte[] value, ReadingBatch shipping) {
        if (value.length == 0) return null;
        if (value[0] == ReadingBatch.KIND) return shipping.wrap(BufferBytes.wrap(value)).site();
        Command c = Command.decode(value);
        return c == null ? null : Command.site(c);
    }

    /** Persists how far Kafka has the outbox, and goes direct again once it has all of it. */
    private void progress() {
        LogPosition c = tracker.committed();
        long now = System.nanoTime();
        boolean caughtUp = c.offset() >= outbox.end().offset();
        if (!c.equals(persisted) && (caughtUp || now - persistedAt >= CHECKPOINT_EVERY_NANOS)) {
            try {
                checkpoint.commit(c);
                persisted = c;
                persistedAt = now;
            } catch (IOException e) {
                log.warn("cannot write the outbox checkpoint: {} (records would be sent again after a restart)", e.toString());
            }
        }
        if (!outboxMode || !caughtUp) return;
        synchronized (lock) {
            // nothing on its way to the disk and everything on disk in Kafka: no later record can overtake one
            if (outboxMode && appending.get() == 0 && tracker.inFlight() == 0
                    && tracker.committed().offset() >= outbox.end().offset()) {
                outboxMode = false;
                log.info("Kafka takes records again: the outbox {} is shipped (up to offset {}); records go straight to Kafka",
                        outbox.directory(), tracker.committed().offset());
            }
        }
    }

    /** {@code p}, or the next record on disk when retention deleted the segment {@code p} ended. */
    private LogPosition resumable(LogPosition p) {
        if (outbox.segments().get(p.segmentBase()) != null) return p;
        var next = outbox.segments().after(p.segmentBase());
        return next != null ? LogPosition.segmentStart(next.baseOffset) : outbox.start();
    }

    /** Stops shipping, lets Kafka answer what is in flight, records the checkpoint, closes the outbox. */
    @Override
    public void close() {
        running = false;
        shipper.interrupt();
        try {
            shipper.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
        LogPosition c = tracker.committed();
        try {
            checkpoint.commit(c);
        } catch (IOException e) {
            log.warn("cannot write the outbox checkpoint: {}", e.toString());
        }
        outbox.close();
    }

    /** A record on its way: answered exactly once, by Kafka or by the outbox, whichever comes first. */
    private static final class Pending {
        final String site;
        final byte[] value;
        final Runnable onDurable;
        final Consumer<Exception> onFailed;
        final AtomicBoolean answered = new AtomicBoolean();

        Pending(String site, byte[] value, Runnable onDurable, Consumer<Exception> onFailed) {
            this.site = site;
            this.value = value;
            this.onDurable = onDurable;
            this.onFailed = onFailed;
        }

        void ok() {
            if (answered.compareAndSet(false, true)) onDurable.run();
        }

        void fail(Exception e) {
            if (answered.compareAndSet(false, true)) onFailed.accept(e);
        }
    }

    /**
     * The shipper's sends in log order: how far Kafka has every record with all before it (the
     * checkpoint), and whether one failed.
     */
    static final class Tracker {
        static final class Entry {
            final LogPosition after;
            boolean settled;
            boolean ok;

            Entry(LogPosition after) { this.after = after; }
        }

        private final ArrayDeque<Entry> inFlight = new ArrayDeque<>();
        private LogPosition committed;
        private Exception failure;

        Tracker(LogPosition from) { this.committed = from; }

        synchronized Entry add(LogPosition after) {
            Entry e = new Entry(after);
            inFlight.add(e);
            return e;
        }

        synchronized void done(Entry e, Exception error) {
            e.settled = true;
            e.ok = error == null;
            if (error != null && failure == null) failure = error;
            while (!inFlight.isEmpty() && inFlight.peek().settled && inFlight.peek().ok) committed = inFlight.poll().after;
            notifyAll();
        }

        synchronized LogPosition committed() { return committed; }

        synchronized int inFlight() { return inFlight.size(); }

        synchronized boolean failing() { return failure != null; }

        synchronized void awaitProgress(long ms) throws InterruptedException {
            wait(ms);
        }

        /** Waits until every send is answered, forgets them, and returns the failure that stopped shipping. */
        synchronized Exception awaitSettled() throws InterruptedException {
            while (inFlight.stream().anyMatch(e -> !e.settled)) wait(100);
            inFlight.clear();
            Exception f = failure;
            failure = null;
            return f;
        }
    }
}
