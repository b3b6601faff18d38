package io.hazardgate.alarm.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.record.Acknowledgement;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmJournalTest {
    @TempDir Path dir;

    static AlarmEvent event(String id, long seq, AlarmState state, long readingTs) {
        return new AlarmEvent(id, seq, "s", "T", id.split(":")[1], "high", "H", AlarmKind.THRESHOLD, 2, state, 17, 16, "m",
                readingTs, 100 + seq, "x", 100, seq > 1 ? new Acknowledgement("op", 5, "ok") : null, false, null, 3);
    }

    static AlarmJournal.Recovered reopen(Path dir) throws IOException {
        AlarmJournal.Recovered[] r = new AlarmJournal.Recovered[1];
        AlarmJournal.open(dir, r).close();
        return r[0];
    }

    @Test
    void aTornLastRecordIsCutOffAndEverythingBeforeItKept() throws IOException {
        AlarmJournal.Recovered[] r = new AlarmJournal.Recovered[1];
        try (AlarmJournal j = AlarmJournal.open(dir, r)) {
            j.append(event("s:A:high:1", 1, AlarmState.RAISED, 10));
            j.append(event("s:B:high:2", 1, AlarmState.RAISED, 20));
            j.append(event("s:A:high:1", 2, AlarmState.ACKNOWLEDGED, 11));
            j.append(event("s:B:high:2", 2, AlarmState.CLEARED, 30));
            j.commit();
        }
        long good = Files.size(dir.resolve(AlarmJournal.FILE));
        Files.write(dir.resolve(AlarmJournal.FILE), new byte[] {0, 0, 1, 0, 9, 9, 9}, StandardOpenOption.APPEND); // a crash mid-append
        AlarmJournal.Recovered rec = reopen(dir);
        assertEquals(List.of("s:A:high:1"), List.copyOf(rec.active().keySet()));
        assertEquals("op", rec.active().get("s:A:high:1").ack().by());
        assertEquals(Map.of("s/A", 11L, "s/B", 30L), rec.watermarks());
        assertEquals(good, Files.size(dir.resolve(AlarmJournal.FILE)));
    }

    @Test
    void compactionKeepsActiveAlarmsAndWatermarksOnly() throws IOException {
        AlarmJournal.Recovered[] r = new AlarmJournal.Recovered[1];
        try (AlarmJournal j = AlarmJournal.open(dir, r)) {
            for (int i = 0; i < 1000; i++) {
                j.append(event("s:X:high:" + i, 1, AlarmState.RAISED, i));
                j.append(event("s:X:high:" + i, 2, AlarmState.CLEARED, i));
            }
            j.append(event("s:A:high:5000", 1, AlarmState.RAISED, 5000));
            j.commit();
            long before = j.size();
            j.compact(List.of(event("s:A:high:5000", 1, AlarmState.RAISED, 5000)), Map.of("s/X", 999L, "s/A", 5000L), List.of());
            j.append(event("s:A:high:5000", 2, AlarmState.ACKNOWLEDGED, 5000));
            j.commit();
            assertEquals(true, j.size() < before / 100);
        }
        AlarmJournal.Recovered rec = reopen(dir);
        assertEquals(2, rec.active().get("s:A:high:5000").seq());
        assertEquals(999L, rec.watermarks().get("s/X"));
    }

    @Test
    void aDeliveryMarkLeavesTheNewestEventsItDoesNotConfirmForTheNextStart() throws IOException {
        AlarmJournal.Recovered[] r = new AlarmJournal.Recovered[1];
        try (AlarmJournal j = AlarmJournal.open(dir, r)) {
            j.append(event("s:A:high:1", 1, AlarmState.RAISED, 10));
            j.commit();
            j.markDelivered(); // everything so far is with the sessions
            j.append(event("s:B:high:2", 1, AlarmState.RAISED, 20));
            j.append(event("s:C:high:3", 1, AlarmState.RAISED, 30));
            j.append(event("s:D:high:4", 1, AlarmState.RAISED, 40)); // published while B and C were being confirmed
            j.markDelivered(1);
            j.commit();
        }
        AlarmJournal.Recovered rec = reopen(dir);
        assertEquals(List.of("s:D:high:4"), rec.undelivered().stream().map(AlarmEvent::id).toList(),
                "B and C are confirmed; D, journaled after the confirmation was asked for, is published again");
        assertEquals(4, rec.active().size());
    }

    @Test
    void aNewJournalStartsWithItsFormatHeader() throws IOException {
        reopen(dir);
        java.nio.ByteBuffer head = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve(AlarmJournal.FILE)));
        assertEquals(AlarmJournal.MAGIC, head.getInt());
        assertEquals(AlarmJournal.FORMAT_VERSION, head.getInt());
    }

    @Test
    void readsAJournalWrittenBeforeTheHeaderExisted() throws IOException {
        AlarmJournal.Recovered[] r = new AlarmJournal.Recovered[1];
        try (AlarmJournal j = AlarmJournal.open(dir, r)) {
            j.append(event("s:A:high:1", 1, AlarmState.RAISED, 10));
            j.append(event("s:A:high:1", 2, AlarmState.ACKNOWLEDGED, 11));
            j.commit();
        }
        // the same records without the 8-byte header: what the journal looked like before it had one
        Path file = dir.resolve(AlarmJournal.FILE);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOfRange(all, AlarmJournal.HEADER_BYTES, all.length));
        AlarmJournal.Recovered rec = reopen(dir);
        assertEquals(2, rec.active().get("s:A:high:1").seq());
        assertEquals("op", rec.active().get("s:A:high:1").ack().by());
    }

    @Test
    void refusesAJournalOfANewerFormat() throws IOException {
        Files.write(dir.resolve(AlarmJournal.FILE), java.nio.ByteBuffer.allocate(8).putInt(AlarmJournal.MAGIC)
                .putInt(AlarmJournal.FORMAT_VERSION + 1).array());
        IOException e = assertThrows(IOException.class, () -> reopen(dir));
        assertTrue(e.getMessage().contains("newer than this release"), e.getMessage());
        assertEquals(8, Files.size(dir.resolve(AlarmJournal.FILE)), "the newer journal is left as it was");
    }
}
