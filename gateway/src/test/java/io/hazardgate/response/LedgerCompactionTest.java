package io.hazardgate.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that runs for years keeps a bounded outbox: past its size limit the file is rewritten as
 * what is still open plus the recent history, in memory as on disk, and ids never go back.
 */
class LedgerCompactionTest {
    static final long DAY = 86_400_000L;
    static final long NOW = 1_740_000_000_000L;
    @TempDir Path dir;

    @Test
    void keepsWhatIsOpenAndTheRecentHistoryAndForgetsTheRest() throws Exception {
        long lastId;
        try (Ledger l = Ledger.open(dir, NOW, 7 * DAY, 64 << 10)) {
            for (int i = 0; i < 100; i++) { // ten days ago, delivered: past the history
                Notice n = notice(l, "demo:GT-101:high:" + i, NOW - 10 * DAY);
                l.plan(new Ledger.Plan(n.alarm(), 1, n.createdTs(), List.of(n), List.of()));
                Message m = new Message(l.nextMessageId(), "mail", "wang", "Wang Jian", "wang@plant.test", List.of(n.id()), n.createdTs(),
                        "s", "x".repeat(500), "{}");
                l.message(m);
                l.attempt(new Attempt(m.id(), 1, n.createdTs(), "delivered", "ok", 0));
            }
            Notice waiting = notice(l, "demo:LT-101:high:1", NOW - 10 * DAY); // old but never sent: kept
            l.plan(new Ledger.Plan(waiting.alarm(), 1, waiting.createdTs(), List.of(waiting), List.of()));
            Notice recent = notice(l, "demo:TT-101:high:1", NOW - DAY);
            l.plan(new Ledger.Plan(recent.alarm(), 1, recent.createdTs(), List.of(recent), List.of()));
            long before = Files.size(dir.resolve(Ledger.FILE));
            assertTrue(l.compactIfLarge(NOW, 7 * DAY));
            assertTrue(Files.size(dir.resolve(Ledger.FILE)) < before / 10, "rewritten small");
            assertTrue(l.deliveries("demo:GT-101:high:5").isEmpty(), "finished and older than the history: forgotten");
            assertEquals("waiting", l.deliveries("demo:LT-101:high:1").get(0).state(), "open: kept");
            assertEquals(1, l.deliveries("demo:TT-101:high:1").size(), "recent: kept");
            assertEquals(1, l.plannedSeq("demo:GT-101:high:5"), "what was planned is remembered longer, so nothing is told twice");
            lastId = l.nextNoticeId();
            assertFalse(l.compactIfLarge(NOW, 7 * DAY), "small now");
        }
        try (Ledger l = Ledger.open(dir, NOW, 7 * DAY, 64 << 10)) {
            assertEquals(List.of("demo:LT-101:high:1"), l.waitingNotices().stream().map(Notice::alarm).filter(a -> a.startsWith("demo:LT")).toList());
            assertTrue(l.nextNoticeId() > lastId - 1, "ids go on from where they were");
        }
    }

    private static Notice notice(Ledger l, String alarm, long ts) {
        return new Notice(l.nextNoticeId(), alarm, 1, "raised", "demo", "TF1", alarm.split(":")[1], "red", "wang", "Wang Jian", "principal",
                "mail", "wang@plant.test", ts, "title", "y".repeat(300), "", Map.of("id", alarm), "");
    }
}
