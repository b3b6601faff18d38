package io.hazardgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.FsyncPolicy;
import io.hazardgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state log under its owner's compactions: what a restart reads back while retention deletes. */
class StateLogTest {
    private static final long SEGMENT_BYTES = 2048;
    private static final int RECORD_BYTES = 100;

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(1_700_000_000_000L);

    private StateLog open() throws IOException {
        return StateLog.open(dir, FsyncPolicy.EVERY_BATCH, Duration.ofSeconds(1), "test.state.log",
                new SimpleMeterRegistry(), clock, SEGMENT_BYTES);
    }

    /** A record carrying its sequence number, padded to {@link #RECORD_BYTES}. */
    private static byte[] record(int seq) {
        return ByteBuffer.allocate(RECORD_BYTES).putInt(seq).array();
    }

    /** Appends records {@code from} up to {@code to} (exclusive) and returns the end offset once they are durable. */
    private static long appendDurably(StateLog log, int from, int to) throws Exception {
        for (int i = from; i < to; i++) log.append(record(i), () -> { }, e -> { });
        CompletableFuture<Long> end = new CompletableFuture<>();
        log.afterDurable(end::complete, end::completeExceptionally);
        return end.get(10, TimeUnit.SECONDS);
    }

    private static List<Integer> replay(StateLog log) throws IOException {
        List<Integer> seen = new ArrayList<>();
        log.replay(b -> seen.add(b.getInt()));
        return seen;
    }

    /**
     * The owner supersedes, then the process stops before retention runs. At the next start retention runs
     * at once on the log's thread: the replay must not read segments that it deletes under it, and must
     * not hand back what was superseded. Several rounds, each one leaving superseded segments behind.
     */
    @Test
    void aRestartRightAfterASupersedeReplaysFromTheSupersededPositionWhileRetentionDeletes() throws Exception {
        int next = 0;
        for (int round = 0; round < 12; round++) {
            StateLog log = open();
            List<Integer> seen = replay(log);
            if (round > 0) {
                // from the segment holding the snapshot's first record: at most a segment's worth before it
                int perSegment = (int) (SEGMENT_BYTES / RECORD_BYTES);
                assertTrue(seen.get(0) >= next - 60 - perSegment, "round " + round + " replayed superseded records: " + seen);
                assertEquals(next - 1, seen.get(seen.size() - 1), "the newest record came back");
            }
            int oldStart = next;
            long snapshot = appendDurably(log, next, next + 60); // many segments of records the snapshot supersedes
            next += 60;
            appendDurably(log, next, next + 60); // the snapshot
            next += 60;
            assertTrue(log.sizeBytes() > 4 * SEGMENT_BYTES, "records from " + oldStart + " fill several segments");
            log.supersede(snapshot);
            log.close();
        }
        StateLog log = open();
        try {
            List<Integer> seen = replay(log);
            for (int i = 1; i < seen.size(); i++) assertEquals(seen.get(i - 1) + 1, seen.get(i), "in order: " + seen);
            assertEquals(next - 1, seen.get(seen.size() - 1));
        } finally {
            log.close();
        }
    }
}
