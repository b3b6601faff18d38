package io.hazardgate.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.FsyncPolicy;
import io.hazardgate.config.LogSettings;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.LogState;
import io.hazardgate.store.Records;
import io.hazardgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DurableLogTest {
    private static final LogSettings SETTINGS =
            new LogSettings(FsyncPolicy.EVERY_BATCH, Duration.ofSeconds(1), 1L << 30, Duration.ofHours(1));

    /** The one consumer of these logs, whose commits retention follows. */
    private static final LogCursor.Spec CONSUMER = new LogCursor.Spec("consumer", LogCursor.Start.OLDEST, false, "test");

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(1_700_000_000_000L);
    private final List<DurableLog> opened = new ArrayList<>();
    private StoreMetrics metrics;

    @AfterEach
    void closeLogs() {
        opened.forEach(DurableLog::close);
    }

    private DurableLog open(LogOptions options) throws IOException {
        metrics = new StoreMetrics(new SimpleMeterRegistry());
        DurableLog log = DurableLog.open(dir, options, clock, metrics, List.of(CONSUMER));
        opened.add(log);
        return log;
    }

    private DurableLog open() throws IOException {
        return open(LogOptions.of(SETTINGS));
    }

    private static CompletableFuture<Void> append(DurableLog log, Bytes record) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        log.append(record, () -> f.complete(null), f::completeExceptionally);
        return f;
    }

    private static void await(CompletableFuture<?> f) throws Exception {
        f.get(10, TimeUnit.SECONDS);
    }

    private static List<byte[]> readAll(DurableLog log, LogPosition from) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (LogReader r = log.reader(from)) {
            while (r.next()) {
                assertEquals(from.offset() + out.size(), r.offset(), "offsets are consecutive");
                byte[] b = new byte[r.length()];
                r.buffer().getBytes(r.index(), b);
                out.add(b);
            }
        }
        return out;
    }

    private static byte[] bytesOf(int n, int length) {
        Bytes b = Records.opaque(n, length);
        byte[] out = new byte[length];
        b.getBytes(b.readerIndex(), out);
        b.release();
        return out;
    }

    private Path onlySegment() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> segs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
            return segs.get(segs.size() - 1);
        }
    }

    @Test
    void runsCallbacksInAppendOrderOnceDurableAndReadsBackEveryRecord() throws Exception {
        DurableLog log = open();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 2000; i++) {
            int n = i;
            last = new CompletableFuture<>();
            CompletableFuture<Void> done = last;
            log.append(Records.opaque(n, 20 + n % 50), () -> {
                order.add(n);
                if (n == 1999) done.complete(null);
            }, done::completeExceptionally);
        }
        await(last);
        for (int i = 0; i < 2000; i++) assertEquals(i, order.get(i), "callback order");
        List<byte[]> read = readAll(log, log.start());
        assertEquals(2000, read.size());
        for (int i = 0; i < 2000; i++) assertArrayEquals(bytesOf(i, 20 + i % 50), read.get(i));
        assertEquals(2000, metrics.logAppends.count());
        assertTrue(metrics.batchRecords.count() < 2000, "records were committed in groups");
    }

    @Test
    void reopensWithEveryRecordAndContinuesOffsets() throws Exception {
        DurableLog log = open();
        for (int i = 0; i < 100; i++) append(log, Records.opaque(i, 40));
        await(append(log, Records.opaque(100, 40)));
        log.close();

        DurableLog again = open();
        assertEquals(101, again.end().offset());
        await(append(again, Records.opaque(101, 40)));
        List<byte[]> read = readAll(again, again.start());
        assertEquals(102, read.size());
        assertArrayEquals(bytesOf(101, 40), read.get(101));
    }

    @Test
    void rollsSegmentsAndReadsAcrossThem() throws Exception {
        DurableLog log = open(LogOptions.of(SETTINGS).withSegmentBytes(4096));
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 200; i++) last = append(log, Records.opaque(i, 100));
        await(last);
        assertTrue(log.segments().count() >= 5, "several segments: " + log.segments().count());
        List<byte[]> read = readAll(log, log.start());
        assertEquals(200, read.size());
        for (int i = 0; i < 200; i++) assertArrayEquals(bytesOf(i, 100), read.get(i));
        // a reader may also start in the middle of a later segment
        Segment third = log.segments().after(log.segments().after(log.start().segmentBase()).baseOffset);
        List<byte[]> tail = readAll(log, LogPosition.segmentStart(third.baseOffset));
        assertEquals(200 - third.baseOffset, tail.size());
    }

    @Test
    void truncatesATornTailAndKeepsEverythingBeforeIt() throws Exception {
        DurableLog log = open();
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 10; i++) last = append(log, Records.opaque(i, 60));
        await(last);
        log.close();
        Path seg = onlySegment();
        long intact = Files.size(seg);
        // A frame whose header says 100 bytes of payload, cut off after 30: the crash came mid-write.
        ByteBuffer torn = ByteBuffer.allocate(LogFrame.HEADER_BYTES + 30);
        torn.putInt(100).putInt(12345).putLong(clock.millis());
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(torn.clear());
        }

        DurableLog again = open();
        assertEquals(10, again.end().offset());
        assertEquals(intact, Files.size(seg), "torn bytes are gone");
        assertEquals(LogFrame.HEADER_BYTES + 30, metrics.tornTailBytes.count());
        await(append(again, Records.opaque(10, 60)));
        List<byte[]> read = readAll(again, again.start());
        assertEquals(11, read.size());
        for (int i = 0; i < 11; i++) assertArrayEquals(bytesOf(i, 60), read.get(i));
    }

    @Test
    void truncatesAFullLengthTailWhoseChecksumFails() throws Exception {
        DurableLog log = open();
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 5; i++) last = append(log, Records.opaque(i, 60));
        await(last);
        log.close();
        Path seg = onlySegment();
        long size = Files.size(seg);
        // Damage the payload of the last record: its page did not reach the disk whole.
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0}), size - 10);
        }
        DurableLog again = open();
        assertEquals(4, again.end().offset());
        assertEquals(size - LogFrame.HEADER_BYTES - 60, Files.size(seg));
        assertEquals(4, readAll(again, again.start()).size());
    }

    @Test
    void reportsACorruptRecordAndKeepsTheRecordsBeforeAndAfterIt() throws Exception {
        DurableLog log = open();
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 10; i++) last = append(log, Records.opaque(i, 50));
        await(last);
        log.close();
        Path seg = onlySegment();
        long size = Files.size(seg);
        long fifthPayload = LogFrame.SEGMENT_HEADER_BYTES + 4L * (LogFrame.HEADER_BYTES + 50) + LogFrame.HEADER_BYTES;
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), fifthPayload + 7);
        }

        DurableLog again = open();
        assertEquals(1, metrics.corruptRecords.count(), "reported at start");
        assertEquals(size, Files.size(seg), "nothing truncated: the damaged bytes stay for inspection");
        assertEquals(0, metrics.tornTailBytes.count());
        List<byte[]> read = readAll(again, again.start());
        assertEquals(9, read.size());
        for (int i = 0; i < 4; i++) assertArrayEquals(bytesOf(i, 50), read.get(i));
        for (int i = 5; i < 10; i++) assertArrayEquals(bytesOf(i, 50), read.get(i - 1));
        assertEquals(2, metrics.corruptRecords.count(), "reported again when read past");
    }

    @Test
    void retentionDeletesOnlyShippedSegmentsPastTheirAge() throws Exception {
        DurableLog log = open(LogOptions.of(SETTINGS).withSegmentBytes(4096));
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 300; i++) last = append(log, Records.opaque(i, 100));
        await(last);
        int segmentsBefore = log.segments().count();
        assertTrue(segmentsBefore >= 6);

        log.cursor(CONSUMER.name()).holdAt(150);
        log.enforceRetention().get(10, TimeUnit.SECONDS);
        assertEquals(segmentsBefore, log.segments().count(), "young segments stay even when shipped");

        clock.advance(Duration.ofHours(2));
        log.enforceRetention().get(10, TimeUnit.SECONDS);
        Segment first = log.segments().first();
        assertTrue(first.baseOffset <= 150 && first.endOffset() > 150, "the segment holding offset 150 is kept: " + first);
        for (Segment s : log.segments().inOrder()) assertTrue(Files.exists(s.path));
        assertTrue(log.segments().count() < segmentsBefore);
        List<byte[]> unshipped = readAll(log, LogPosition.segmentStart(first.baseOffset));
        assertEquals(300 - first.baseOffset, unshipped.size(), "every unshipped record is still readable");
    }

    @Test
    void fullBudgetHoldsPublishersBackWithoutDroppingAndClearsOnceShipped() throws Exception {
        LogSettings small = new LogSettings(FsyncPolicy.EVERY_BATCH, Duration.ofSeconds(1), 16 * 1024, Duration.ofDays(1));
        DurableLog log = open(LogOptions.of(small).withSegmentBytes(4096));
        List<LogState> states = new CopyOnWriteArrayList<>();
        log.addStateListener(states::add);
        int n = 0;
        while (log.state() == LogState.ACCEPTING) {
            assertTrue(n < 1000, "budget never reached");
            await(append(log, Records.opaque(n++, 200)));
        }
        assertEquals(LogState.BUDGET_REACHED, log.state());
        // Records in flight while publishers pause are still written, never dropped.
        for (int i = 0; i < 10; i++) await(append(log, Records.opaque(n++, 200)));
        assertEquals(n, readAll(log, log.start()).size());
        assertEquals(0, metrics.logAppendFailures.count());

        log.cursor(CONSUMER.name()).holdAt(log.end().offset());
        log.enforceRetention().get(10, TimeUnit.SECONDS);
        assertEquals(LogState.ACCEPTING, log.state());
        assertEquals(List.of(LogState.BUDGET_REACHED, LogState.ACCEPTING), states);
        assertTrue(log.segments().totalBytes() < 16 * 1024);
    }

    @Test
    void aFullDiskRefusesRecordsAndNeverAcknowledgesThem() throws Exception {
        AtomicBoolean full = new AtomicBoolean();
        LogOptions options = LogOptions.of(SETTINGS)
                .withOpener((path, opts) -> new FullDiskChannel(FileChannel.open(path, opts), full));
        DurableLog log = open(options);
        List<LogState> states = new CopyOnWriteArrayList<>();
        log.addStateListener(states::add);
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 5; i++) last = append(log, Records.opaque(i, 80));
        await(last);

        full.set(true);
        AtomicInteger acknowledged = new AtomicInteger();
        List<CompletableFuture<Exception>> failures = new ArrayList<>();
        for (int i = 5; i < 8; i++) {
            CompletableFuture<Exception> failed = new CompletableFuture<>();
            log.append(Records.opaque(i, 80), acknowledged::incrementAndGet, failed::complete);
            failures.add(failed);
        }
        for (CompletableFuture<Exception> f : failures) {
            Exception e = f.get(10, TimeUnit.SECONDS);
            assertInstanceOf(IOException.class, e);
            assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        }
        assertEquals(0, acknowledged.get());
        assertEquals(LogState.FAILING, log.state());
        assertEquals(3, metrics.logAppendFailures.count());

        full.set(false);
        await(append(log, Records.opaque(8, 80)));
        assertEquals(LogState.ACCEPTING, log.state());
        assertEquals(List.of(LogState.FAILING, LogState.ACCEPTING), states);
        log.close();

        DurableLog again = open();
        assertEquals(0, metrics.tornTailBytes.count(), "the half-written batch was truncated, not left behind");
        assertEquals(0, metrics.corruptRecords.count());
        List<byte[]> read = readAll(again, again.start());
        assertEquals(6, read.size());
        assertArrayEquals(bytesOf(8, 80), read.get(5));
    }

    @Test
    void refusesARecordLargerThanTheLimitAndGoesOn() throws Exception {
        LogOptions options = new LogOptions(SETTINGS, LogOptions.DEFAULT_SEGMENT_BYTES, 1000, 1 << 20, SegmentOpener.FILES);
        DurableLog log = open(options);
        CompletableFuture<Void> tooLarge = append(log, Records.opaque(0, 1001));
        CompletableFuture<Void> fine = append(log, Records.opaque(1, 1000));
        await(fine);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> await(tooLarge));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(1, readAll(log, log.start()).size());
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void everyFsyncPolicyAcknowledgesAndKeepsRecordsAcrossReopen(FsyncPolicy policy) throws Exception {
        LogSettings s = new LogSettings(policy, Duration.ofMillis(50), 1L << 30, Duration.ofHours(1));
        DurableLog log = open(LogOptions.of(s));
        CompletableFuture<Void> last = null;
        for (int i = 0; i < 50; i++) last = append(log, Records.opaque(i, 30));
        await(last);
        long fsyncs = metrics.fsync.count();
        if (policy == FsyncPolicy.EVERY_BATCH) assertTrue(fsyncs > 0);
        if (policy == FsyncPolicy.OS) assertEquals(0, fsyncs);
        log.close();
        assertEquals(50, readAll(open(), LogPosition.segmentStart(0)).size());
    }

    @Test
    void refusesASecondLogOnTheSameDirectory() throws Exception {
        open();
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> DurableLog.open(dir, LogOptions.of(SETTINGS), clock, new StoreMetrics(new SimpleMeterRegistry())));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void refusesAppendsOnceClosed() throws Exception {
        DurableLog log = open();
        await(append(log, Records.opaque(0, 10)));
        log.close();
        CompletableFuture<Void> late = append(log, Records.opaque(1, 10));
        assertTrue(late.isCompletedExceptionally());
        assertFalse(Files.size(onlySegment()) > LogFrame.SEGMENT_HEADER_BYTES + LogFrame.HEADER_BYTES + 10);
    }
}
