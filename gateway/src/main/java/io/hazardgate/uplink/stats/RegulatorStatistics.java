package io.hazardgate.uplink.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.record.RecordLog;
import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.log.LogPosition;
import io.hazardgate.store.log.LogReader;
import io.hazardgate.store.log.Segment;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistics regulators count (online rates of points and data loggers, data completeness, alarms
 * by colour per day; see {@link StatisticsState}), kept by a consumer of the durable log with its own
 * cursor: every record is counted exactly once, across restarts too. The counts and the log position
 * they reflect are written together to {@value #STATE_FILE} beside the segments (every
 * {@value #SAVE_EVERY_MS} ms and at close), then the cursor commits that position; after a crash the
 * count resumes from the file's position. A missing or damaged file is rebuilt from the oldest record
 * the log still holds. Days are China Standard Time.
 */
public final class RegulatorStatistics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegulatorStatistics.class);
    public static final LogCursor.Spec CURSOR = new LogCursor.Spec("statistics", LogCursor.Start.OLDEST, false,
            "records before this offset are counted in statistics.json");
    public static final String STATE_FILE = "statistics.json";
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final long SAVE_EVERY_MS = 10_000;
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DurableLog log;
    private final LogCursor cursor;
    private final Clock clock;
    private final StatisticsState state;
    private final Path file;
    private final Path temp;
    private final Thread thread;
    private final ReadingBatch batch = new ReadingBatch();
    private volatile boolean closing;
    private volatile LogPosition counted;
    /** When the log wrote the last record counted, epoch ms. */
    private volatile long countedAppendedAt = Long.MIN_VALUE;
    private LogPosition start;

    private RegulatorStatistics(DurableLog log, List<Site> sites, Clock clock) {
        this.log = log;
        this.cursor = log.cursor(CURSOR.name());
        this.clock = clock;
        this.state = new StatisticsState(sites, ZONE);
        this.file = log.directory().resolve(STATE_FILE);
        this.temp = log.directory().resolve(STATE_FILE + ".tmp");
        this.thread = new Thread(this::run, "hazardgate-statistics");
        this.thread.setDaemon(true);
    }

    /** Loads the saved counts and starts counting the log from where they end. */
    public static RegulatorStatistics start(DurableLog log, List<Site> sites, Clock clock) {
        RegulatorStatistics s = new RegulatorStatistics(log, sites, clock);
        s.start = s.load();
        s.counted = s.start;
        s.thread.start();
        return s;
    }

    private LogPosition load() {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            JsonNode p = root.path("position");
            LogPosition pos = new LogPosition(p.path("offset").asLong(-1), p.path("segment").asLong(-1), p.path("position").asLong(-1));
            String why = problem(pos);
            if (why == null) {
                synchronized (this) {
                    state.fromJson(root);
                }
                return pos;
            }
            LOG.warn("{}: {}; counting the statistics again from the oldest record in the log", file, why);
        } catch (NoSuchFileException e) {
            if (cursor.committed().offset() > log.start().offset()) {
                LOG.warn("{} is missing; counting the statistics again from the oldest record in the log", file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read {} ({}); counting the statistics again from the oldest record in the log", file, e.toString());
        }
        synchronized (this) {
            state.clear();
        }
        return log.start();
    }

    /** Why {@code pos} cannot be resumed from, or null. */
    private String problem(LogPosition pos) {
        if (pos.offset() < cursor.committed().offset()) return "its position is behind the statistics cursor";
        if (pos.offset() > log.end().offset()) return "its position is past the end of the log";
        Segment s = log.segments().get(pos.segmentBase());
        if (s == null || pos.position() > s.size) return "its position does not match the log's segments";
        return null;
    }

    private void run() {
        long lastSave = System.nanoTime();
        boolean dirty = false;
        try (LogReader reader = log.reader(start)) {
            while (!closing) {
                LogPosition endSeen = log.end();
                boolean got;
                try {
                    got = reader.next();
                } catch (IOException e) {
                    LOG.error("Reading the local log for statistics failed: {}; trying again in a second", e.toString());
                    Thread.sleep(1000);
                    continue;
                }
                if (got) {
                    count(reader.buffer(), reader.index(), reader.length());
                    counted = reader.position();
                    countedAppendedAt = reader.appendedAt();
                    dirty = true;
                }
                long now = System.nanoTime();
                if (dirty && now - lastSave >= TimeUnit.MILLISECONDS.toNanos(SAVE_EVERY_MS)) {
                    save();
                    lastSave = now;
                    dirty = false;
                }
                if (!got) log.awaitEndAfter(endSeen, IDLE_WAIT_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("The statistics stopped counting", e);
        }
    }

    private void count(Bytes buf, int index, int length) {
        byte kind = buf.getByte(index);
        try {
            if (kind == ReadingBatch.KIND) {
                batch.wrap(buf, index);
                String site = batch.site();
                long receivedAt = batch.receivedAt();
                synchronized (this) {
                    state.deviceHeard(site, batch.device(), receivedAt);
                    StatisticsState.PlantPoint last = null;
                    while (batch.next()) {
                        StatisticsState.PlantPoint p = state.nextPoint(site, last, buf, batch.tagOffset(), batch.tagLength());
                        if (p == null) p = state.point(site, batch.tag());
                        if (p == null) continue;
                        state.reading(p, batch.ts(), receivedAt);
                        last = p;
                    }
                }
            } else if (kind == RecordLog.ALARM_EVENT_KIND) {
                byte[] json = new byte[length - 1];
                buf.getBytes(index + 1, json);
                var event = AlarmEventJson.decode(json);
                synchronized (this) {
                    state.alarm(event);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("A log record the statistics cannot read is not counted: {}", e.toString());
        }
    }

    /** Writes the counts with the position they reflect, then commits the cursor to it. */
    private void save() {
        LogPosition pos = counted;
        ObjectNode root;
        synchronized (this) {
            state.roll(clock.millis());
            root = state.toJson();
        }
        ObjectNode p = root.putObject("position");
        p.put("offset", pos.offset());
        p.put("segment", pos.segmentBase());
        p.put("position", pos.position());
        try {
            Files.write(temp, JSON.writeValueAsBytes(root));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            cursor.commit(pos);
        } catch (IOException e) {
            LOG.warn("Cannot save the statistics to {}: {}", file, e.toString());
        }
    }

    /** The figures of a site for a day, as of now. */
    public synchronized SiteFigures figures(String site, LocalDate day) {
        return state.figures(site, day, clock.millis());
    }

    /** Days with figures, oldest first. */
    public synchronized List<LocalDate> days() { return state.days(); }

    public LocalDate today() { return state.day(clock.millis()); }

    /** When {@code day} ends, epoch ms. */
    public long endOf(LocalDate day) { return state.startOf(day.plusDays(1)); }

    /**
     * Whether everything the log wrote before {@code millis} is counted: the figures of a day that ended
     * before it are final. True as well when nothing at all waits.
     */
    public boolean countedUpTo(long millis) { return countedAppendedAt >= millis || lagRecords() == 0; }

    /** Durable records not yet counted. */
    public long lagRecords() { return Math.max(0, log.end().offset() - counted.offset()); }

    /** Uses a reloaded configuration's points for what is counted and reported from now on. */
    public synchronized void reload(List<Site> sites) { state.plant(sites); }

    /** Stops counting and saves what was counted. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        save();
    }
}
