package io.hazardgate.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.FsyncPolicy;
import io.hazardgate.config.LogSettings;
import io.hazardgate.record.Bytes;
import io.hazardgate.store.Records;
import io.hazardgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cursors of the log's consumers: durable, validated, and the slowest one decides what retention keeps. */
class LogCursorTest {
    private static final LogSettings SETTINGS =
            new LogSettings(FsyncPolicy.EVERY_BATCH, Duration.ofSeconds(1), 1L << 30, Duration.ofHours(1));
    private static final LogCursor.Spec STORE = new LogCursor.Spec("shipped", LogCursor.Start.OLDEST, false, "store");
    private static final LogCursor.Spec UPLINK = new LogCursor.Spec("uplink-province", LogCursor.Start.END, true, "uplink");

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(1_700_000_000_000L);
    private final List<DurableLog> opened = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        opened.forEach(DurableLog::close);
    }

    private DurableLog open(List<LogCursor.Spec> cursors) throws IOException {
        DurableLog log = DurableLog.open(dir, LogOptions.of(SETTINGS).withSegmentBytes(4096), clock,
                new StoreMetrics(new SimpleMeterRegistry()), cursors);
        opened.add(log);
        return log;
    }

    private static void fill(DurableLog log, int records) throws Exception {
        CompletableFuture<Void> last = null;
        for (int i = 0; i < records; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Bytes r = Records.opaque(i, 100);
            log.append(r, () -> f.complete(null), f::completeExceptionally);
            last = f;
        }
        last.get(10, TimeUnit.SECONDS);
    }

    /** The position after the record at {@code offset}, as a consumer that read up to it commits. */
    private static LogPosition after(DurableLog log, long offset) throws IOException {
        try (LogReader r = log.reader(log.start())) {
            while (r.next()) {
                if (r.offset() == offset) return r.position();
            }
        }
        throw new AssertionError("no record " + offset);
    }

    @Test
    void retentionKeepsEverySegmentTheSlowestCursorStillNeeds() throws Exception {
        DurableLog log = open(List.of(STORE, UPLINK.withStart(LogCursor.Start.OLDEST)));
        fill(log, 300);
        int before = log.segments().count();
        log.cursor("shipped").commit(log.end());
        log.cursor("uplink-province").commit(after(log, 99));
        clock.advance(Duration.ofHours(2));
        log.enforceRetention().get(10, TimeUnit.SECONDS);

        Segment first = log.segments().first();
        assertTrue(first.baseOffset <= 100, "the uplink's next record (100) is kept, first segment is " + first);
        assertTrue(log.segments().count() < before, "segments both consumers are done with are deleted");

        log.cursor("uplink-province").commit(log.end());
        log.enforceRetention().get(10, TimeUnit.SECONDS);
        assertEquals(1, log.segments().count(), "once the slowest is done, only the active segment stays");
    }

    @Test
    void aCursorResumesWhereItCommittedWithItsNotesAfterARestart() throws Exception {
        DurableLog log = open(List.of(STORE, UPLINK));
        fill(log, 50);
        LogPosition at = after(log, 19);
        LogCursor c = log.cursor("uplink-province");
        c.note("basic.hash", "3f2a");
        c.note("statistics.day", "2024-05-01");
        c.commit(at);
        log.close();

        DurableLog again = open(List.of(STORE, UPLINK));
        LogCursor back = again.cursor("uplink-province");
        assertEquals(at, back.committed());
        assertEquals("3f2a", back.note("basic.hash"));
        assertEquals("2024-05-01", back.note("statistics.day"));
        assertNull(back.note("absent"));
        String text = Files.readString(dir.resolve("uplink-province.offset"));
        assertTrue(text.contains("format=1"), text);
    }

    @Test
    void aNewCursorStartsWhereItsSpecSaysAndADamagedOneAtTheOldestRecord() throws Exception {
        DurableLog log = open(List.of(STORE));
        fill(log, 40);
        log.close();

        DurableLog again = open(List.of(STORE, UPLINK, UPLINK.named("uplink-city").withStart(LogCursor.Start.OLDEST)));
        assertEquals(40, again.cursor("uplink-province").committed().offset(), "a new uplink starts at the end");
        assertEquals(0, again.cursor("uplink-city").committed().offset(), "or at the oldest record if so configured");
        again.close();

        Files.writeString(dir.resolve("uplink-province.offset"), "offset=banana\n");
        Files.writeString(dir.resolve("uplink-city.offset"), "format=9\noffset=1\nsegment=0\nposition=20\n");
        DurableLog third = open(List.of(STORE, UPLINK, UPLINK.named("uplink-city")));
        assertEquals(0, third.cursor("uplink-province").committed().offset(), "unreadable: replay rather than skip");
        assertEquals(0, third.cursor("uplink-city").committed().offset(), "a format this release does not read: replay");
    }

    @Test
    void aCursorFileOfAConsumerNoLongerConfiguredHoldsNothingBack() throws Exception {
        DurableLog log = open(List.of(STORE, UPLINK.withStart(LogCursor.Start.OLDEST)));
        fill(log, 300);
        log.cursor("uplink-province").commit(after(log, 9));
        log.close();

        DurableLog again = open(List.of(STORE)); // the uplink was removed from the configuration
        assertTrue(Files.exists(dir.resolve("uplink-province.offset")));
        again.cursor("shipped").commit(again.end());
        clock.advance(Duration.ofHours(2));
        again.enforceRetention().get(10, TimeUnit.SECONDS);
        assertEquals(1, again.segments().count());
        assertThrows(IllegalArgumentException.class, () -> again.cursor("uplink-province"));
    }

    @Test
    void aLogWithoutConsumersDeletesNothing() throws Exception {
        DurableLog log = open(List.of());
        fill(log, 300);
        int before = log.segments().count();
        clock.advance(Duration.ofDays(3));
        log.enforceRetention().get(10, TimeUnit.SECONDS);
        assertEquals(before, log.segments().count());
    }
}
