package io.hazardgate.uplink;

import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.UplinkSettings;
import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.log.LogPosition;
import io.hazardgate.store.log.LogReader;
import io.hazardgate.uplink.feed.BasicData;
import io.hazardgate.uplink.feed.Batcher;
import io.hazardgate.uplink.feed.OutgoingMessage;
import io.hazardgate.uplink.feed.PendingMessage;
import io.hazardgate.uplink.feed.PointCatalog;
import io.hazardgate.uplink.feed.StatisticsMessage;
import io.hazardgate.uplink.stats.RegulatorStatistics;
import io.hazardgate.uplink.template.TemplateRenderer;
import io.hazardgate.uplink.transport.DeliveryException;
import io.hazardgate.uplink.transport.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervision platform, fed from the durable log by a thread of its own through its own cursor
 * ({@code log/uplink-<name>.offset}, forced to disk at each advance). It reads records in order, turns
 * them into messages ({@link Batcher}) and delivers them one group at a time; the cursor moves only
 * once the platform took a whole group, so an outage of any length delays data and loses none: the log
 * keeps every record the slowest consumer has not committed. A platform that cannot be reached is
 * retried with backoff; one that refuses the key or a message pauses the uplink (logged once, shown on
 * {@code /ready} and in metrics) and is tried again every {@code pauseRetry}, the data waiting meanwhile.
 * Basic data goes when the uplink starts and whenever it changed, statistics for each finished day once
 * (and the running day's as often as configured).
 */
final class Uplink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);
    /** How long an idle uplink waits for the log before looking at its clock-driven work again. */
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** A finished day's statistics go this long after midnight, once late readings had a chance to arrive. */
    static final long FINAL_STATISTICS_AFTER_MS = TimeUnit.MINUTES.toMillis(10);
    /** Records passed over without a message are committed at most this often. */
    private static final long IDLE_COMMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long STATISTICS_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String NOTE_BASIC = "basic.";
    private static final String NOTE_FINAL_DAY = "statistics.finalDay";

    enum State { LIVE, RETRYING, PAUSED, STOPPED }

    private final UplinkSettings settings;
    private final DurableLog log;
    private final LogCursor cursor;
    private final RegulatorStatistics statistics;
    private final Transport transport;
    private final TemplateRenderer renderer;
    private final Set<MessageKind> kinds;
    private final Clock clock;
    private final UplinkMetrics metrics;
    private final Batcher batcher;
    private final Thread thread;
    private volatile PointCatalog catalog;
    private volatile PointCatalog pendingCatalog;
    private volatile boolean closing;
    private volatile State state = State.LIVE;
    private volatile String lastError = "";
    private volatile long lastSentAt;
    private volatile long firstUnsentAppendedAt = -1;
    private volatile long messagesSent;
    private volatile long readingsSent;
    private long lastRunningStatistics;
    private long lastStatisticsCheck = System.nanoTime() - STATISTICS_CHECK_NANOS;
    private LogPosition consumed;

    Uplink(UplinkSettings settings, DurableLog log, List<Site> sites, RegulatorStatistics statistics, Transport transport,
           Set<MessageKind> kinds, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.log = log;
        this.cursor = log.cursor(cursorSpec(settings).name());
        this.statistics = statistics;
        this.transport = transport;
        this.renderer = new TemplateRenderer(settings.templates().maps(), settings.zone());
        this.kinds = kinds;
        this.clock = clock;
        this.catalog = PointCatalog.of(sites, settings);
        this.metrics = new UplinkMetrics(meters, this, settings.name());
        this.batcher = new Batcher(settings, catalog, new Batcher.Skips() {
            @Override public void unreportedPoint() { metrics.unreportedPoint.increment(); }

            @Override public void undecodable(long offset, String why) {
                metrics.undecodable.increment();
                LOG.warn("Uplink {}: log record {} cannot be read and is not sent: {}", settings.name(), offset, why);
            }
        });
        this.lastRunningStatistics = System.nanoTime();
        this.thread = new Thread(this::run, "hazardgate-uplink-" + settings.name());
        this.thread.setDaemon(true);
    }

    /** The cursor of an uplink: {@code uplink-<name>}, forced to disk at each commit. */
    static LogCursor.Spec cursorSpec(UplinkSettings s) {
        return new LogCursor.Spec("uplink-" + s.name(), s.startAtOldest() ? LogCursor.Start.OLDEST : LogCursor.Start.END, true,
                "records before this offset are at platform uplink " + s.name());
    }

    void start() {
        LOG.info("Uplink {} ({} to {}) starts at log offset {} ({} records behind)", settings.name(), settings.kind(),
                transport.target(), cursor.committed().offset(), lagRecords());
        thread.start();
    }

    /** Uses a reloaded configuration's sites and codes; changed basic data goes before the next message. */
    void reload(List<Site> sites) { pendingCatalog = PointCatalog.of(sites, settings); }

    State state() { return state; }

    long lagRecords() { return Math.max(0, log.end().offset() - cursor.committed().offset()); }

    double lagSeconds() {
        long since = firstUnsentAppendedAt;
        if (since < 0 || lagRecords() == 0) return 0;
        return Math.max(0, clock.millis() - since) / 1000.0;
    }

    UplinkStatus status() {
        return new UplinkStatus(settings.name(), settings.kind(), transport.target(), closing ? "stopped"
                : state.name().toLowerCase(java.util.Locale.ROOT), lagRecords(), lagSeconds(), lastError, lastSentAt,
                messagesSent, readingsSent);
    }

    private void run() {
        consumed = cursor.committed();
        long lastIdleCommit = System.nanoTime();
        long flushAfter = settings.realtime().flushAfter().toNanos();
        try (LogReader reader = log.reader(consumed)) {
            sendBasicData();
            while (!closing) {
                PointCatalog next = pendingCatalog;
                if (next != null) {
                    pendingCatalog = null;
                    catalog = next;
                    batcher.catalog(next);
                    sendBasicData();
                }
                sendStatistics();
                LogPosition endSeen = log.end();
                boolean got;
                try {
                    got = reader.next();
                } catch (IOException e) {
                    LOG.error("Uplink {}: reading the local log failed: {}; trying again in a second", settings.name(), e.toString());
                    Thread.sleep(1000);
                    continue;
                }
                if (got) {
                    if (firstUnsentAppendedAt < 0) firstUnsentAppendedAt = reader.appendedAt();
                    batcher.add(reader.buffer(), reader.index(), reader.length(), reader.offset(), reader.appendedAt());
                    consumed = reader.position();
                    if (batcher.mustFlush() || batcher.due(flushAfter)) flush();
                } else if (batcher.hasPending()) {
                    if (batcher.due(flushAfter)) flush();
                    else log.awaitEndAfter(endSeen, Math.min(batcher.nanosUntilDue(flushAfter), IDLE_WAIT_NANOS));
                } else {
                    if (consumed.offset() > cursor.committed().offset() && System.nanoTime() - lastIdleCommit >= IDLE_COMMIT_NANOS) {
                        commit(consumed);
                        lastIdleCommit = System.nanoTime();
                    }
                    if (consumed.offset() == cursor.committed().offset()) firstUnsentAppendedAt = -1;
                    log.awaitEndAfter(endSeen, IDLE_WAIT_NANOS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("Uplink {} stopped; what it did not send waits in the log for the next start", settings.name(), e);
        } finally {
            state = State.STOPPED;
        }
    }

    private void flush() throws InterruptedException {
        List<PendingMessage> group = batcher.drain();
        if (!deliver(group)) return;
        commit(consumed);
        firstUnsentAppendedAt = -1;
    }

    private void commit(LogPosition pos) {
        try {
            cursor.commit(pos);
        } catch (IOException e) {
            // The position holds in memory; after a restart the records since the last good write go again.
            LOG.warn("Uplink {}: cannot persist its log position {}: {}", settings.name(), pos.offset(), e.toString());
        }
    }

    /** Delivers the group in order, retrying as long as it takes; false only when the uplink is closing. */
    private boolean deliver(List<PendingMessage> group) throws InterruptedException {
        List<PendingMessage> rest = new ArrayList<>();
        for (PendingMessage p : group) {
            if (sends(p)) rest.add(p);
        }
        int attempt = 0;
        String reported = null;
        while (!rest.isEmpty()) {
            if (closing) return false;
            long now = clock.millis();
            List<OutgoingMessage> built = new ArrayList<>(rest.size());
            for (PendingMessage p : rest) built.add(p.build(now));
            try {
                transport.deliver(built);
                delivered(built, built.size());
                rest.clear();
            } catch (DeliveryException e) {
                delivered(built, e.delivered());
                rest = new ArrayList<>(rest.subList(e.delivered(), rest.size()));
                OutgoingMessage failed = built.get(e.delivered());
                String error = e.getMessage();
                lastError = error;
                if (e.kind() == DeliveryException.Kind.UNREACHABLE) {
                    metrics.retried.get(failed.kind()).increment();
                    state = State.RETRYING;
                    if (!error.equals(reported)) {
                        LOG.warn("Uplink {}: {}; retrying with backoff, {} records wait in the log", settings.name(), error, lagRecords());
                        reported = error;
                    }
                    sleep(backoffMillis(attempt++));
                } else {
                    metrics.refused.get(failed.kind()).increment();
                    state = State.PAUSED;
                    if (!error.equals(reported)) {
                        LOG.error("Uplink {} paused: {}. {} records wait in the log and nothing is lost; fix the {} and "
                                + "restart the gateway, or it tries again in {}", settings.name(), error, lagRecords(),
                                e.kind() == DeliveryException.Kind.KEY_REFUSED ? "key file (or the platform's record of the key)"
                                        : "template or the site's codes", settings.pauseRetry());
                        reported = error;
                    }
                    sleep(settings.pauseRetry().toMillis());
                }
            }
        }
        if (state != State.LIVE && reported != null) LOG.info("Uplink {}: the platform takes messages again", settings.name());
        state = State.LIVE;
        lastError = "";
        return true;
    }

    /** Whether the uplink sends this kind at all (a template and a path or topic for it). */
    private boolean sends(PendingMessage p) {
        return kinds.contains(p.build(clock.millis()).kind());
    }

    private void delivered(List<OutgoingMessage> built, int n) {
        for (int i = 0; i < n; i++) {
            OutgoingMessage m = built.get(i);
            metrics.sent.get(m.kind()).increment();
            messagesSent++;
            if (m.readings() > 0) {
                (m.backfill() ? metrics.readingsBackfill : metrics.readingsLive).increment(m.readings());
                readingsSent += m.readings();
            }
        }
        if (n > 0) lastSentAt = clock.millis();
    }

    private long backoffMillis(int attempt) {
        long initial = settings.retryInitial().toMillis();
        long max = settings.retryMax().toMillis();
        long step = attempt >= 30 ? max : Math.min(max, initial << attempt);
        return step / 2 + ThreadLocalRandom.current().nextLong(step - step / 2 + 1);
    }

    private void sleep(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** Basic data of each reported site whose content changed since the platform last took it. */
    private void sendBasicData() throws InterruptedException {
        if (!kinds.contains(MessageKind.BASIC)) return;
        PointCatalog c = catalog;
        for (Site site : c.sites()) {
            OutgoingMessage probe = BasicData.message(settings.name(), c, site, "", Instant.EPOCH);
            String hash = sha256(renderer.json(settings.templates().body(MessageKind.BASIC), probe.values()));
            String note = NOTE_BASIC + site.id();
            if (hash.equals(cursor.note(note))) continue;
            OutgoingMessage m = BasicData.message(settings.name(), c, site, "basic:" + site.id() + ":" + hash.substring(0, 16),
                    Instant.ofEpochMilli(clock.millis()));
            if (!deliver(List.of(PendingMessage.of(m)))) return;
            cursor.note(note, hash);
            saveNotes();
            LOG.info("Uplink {}: basic data of site {} sent ({} points)", settings.name(), site.id(), c.points(site.id()).size());
        }
    }

    /** Each finished day's statistics once, and the running day's every {@code statistics} if configured. */
    private void sendStatistics() throws InterruptedException {
        if (!kinds.contains(MessageKind.STATISTICS)) return;
        // looked at once a second, not once a record while catching up
        if (System.nanoTime() - lastStatisticsCheck < STATISTICS_CHECK_NANOS) return;
        lastStatisticsCheck = System.nanoTime();
        long now = clock.millis();
        LocalDate today = statistics.today();
        String last = cursor.note(NOTE_FINAL_DAY);
        if (last == null) {
            // A new uplink reports from yesterday on, not every day the gateway kept before it existed.
            cursor.note(NOTE_FINAL_DAY, today.minusDays(2).toString());
            saveNotes();
            last = cursor.note(NOTE_FINAL_DAY);
        }
        LocalDate day = LocalDate.parse(last).plusDays(1);
        while (day.isBefore(today) && now >= statistics.endOf(day) + FINAL_STATISTICS_AFTER_MS
                && statistics.countedUpTo(statistics.endOf(day) + FINAL_STATISTICS_AFTER_MS)) {
            List<PendingMessage> group = new ArrayList<>();
            for (Site site : catalog.sites()) {
                group.add(PendingMessage.of(StatisticsMessage.of(settings.name(), site, statistics.figures(site.id(), day), true,
                        Instant.ofEpochMilli(now))));
            }
            if (!deliver(group)) return;
            cursor.note(NOTE_FINAL_DAY, day.toString());
            saveNotes();
            day = day.plusDays(1);
        }
        if (settings.statistics() != null && System.nanoTime() - lastRunningStatistics >= settings.statistics().toNanos()) {
            lastRunningStatistics = System.nanoTime();
            List<PendingMessage> group = new ArrayList<>();
            for (Site site : catalog.sites()) {
                group.add(PendingMessage.of(StatisticsMessage.of(settings.name(), site, statistics.figures(site.id(), today),
                        false, Instant.ofEpochMilli(now))));
            }
            deliver(group);
        }
    }

    private void saveNotes() {
        try {
            cursor.save();
        } catch (IOException e) {
            LOG.warn("Uplink {}: cannot persist its notes: {}", settings.name(), e.toString());
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closing = true;
        transport.close();
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Uplink {} stopped at log offset {}; {} records wait for the next start", settings.name(),
                cursor.committed().offset(), lagRecords());
    }
}
