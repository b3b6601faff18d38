package io.hazardgate.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.response.outbox.OutboxFile;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.ResponseFixture;
import io.hazardgate.testing.TestClock;
import io.hazardgate.testing.WebhookReceiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox after a crash: a torn or corrupt tail is cut off and what came before is kept; an alarm the
 * journal has but the outbox never planned (a crash between the two) is told once after the restart, and
 * not again after the next.
 */
class OutboxRecoveryTest {
    @TempDir Path dir;

    static List<OutboxFile.Entry> entries(String... payloads) {
        List<OutboxFile.Entry> out = new ArrayList<>();
        for (String p : payloads) out.add(new OutboxFile.Entry((byte) 7, p.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    static List<String> reopen(Path dir, long[] truncated) throws Exception {
        List<OutboxFile.Entry> read = new ArrayList<>();
        try (OutboxFile f = OutboxFile.open(dir, "o.log", read)) {
            truncated[0] = f.truncatedBytes();
        }
        return read.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void aTornTailIsCutOffAndWhatCameBeforeIsKept() throws Exception {
        try (OutboxFile f = OutboxFile.open(dir, "o.log", new ArrayList<>())) {
            f.append(entries("one", "two"));
            f.append(entries("three"));
        }
        Path file = dir.resolve("o.log");
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 2); // the crash tore the last record
        }
        long[] cut = new long[1];
        assertEquals(List.of("one", "two"), reopen(dir, cut));
        assertEquals(12, cut[0], "the torn record's 12 remaining bytes are cut off");
        try (OutboxFile f = OutboxFile.open(dir, "o.log", new ArrayList<>())) {
            f.append(entries("four"));
        }
        assertEquals(List.of("one", "two", "four"), reopen(dir, cut), "appends go on after the cut");
    }

    @Test
    void aCorruptRecordEndsTheReadableFile() throws Exception {
        try (OutboxFile f = OutboxFile.open(dir, "o.log", new ArrayList<>())) {
            f.append(entries("one", "two", "three"));
        }
        Path file = dir.resolve("o.log");
        byte[] b = Files.readAllBytes(file);
        b[12 + 9 + 1] ^= 0x20; // a bit of "two"'s payload flips on disk
        Files.write(file, b);
        long[] cut = new long[1];
        assertEquals(List.of("one"), reopen(dir, cut), "the checksum catches it; what follows cannot be trusted to frame");
    }

    @Test
    void anAlarmThatWasNeverPlannedIsToldOnceAfterTheRestart() throws Exception {
        try (WebhookReceiver hooks = new WebhookReceiver()) {
            ResponseSettings settings = ResponseFixture.settings(dir, ResponseFixture.yaml(1, hooks, ResponseFixture.FAST_RETRY,
                    "- {name: all, systems: [ops]}\n"));
            TestClock clock = new TestClock(System.currentTimeMillis());
            AlarmEvent raised = event("demo:GT-101:high:1", 1, clock.millis());
            // the journal had the alarm, the outbox nothing: as if the gateway died between them
            try (AlarmResponse r = open(settings, clock)) {
                r.start(List.of(raised), List.of(), "http://127.0.0.1:1");
                hooks.await("/ops", q -> q.body().contains(raised.id()), Duration.ofSeconds(10));
            }
            try (AlarmResponse r = open(settings, clock)) {
                r.start(List.of(raised), List.of(), "http://127.0.0.1:1");
                AlarmEvent sentinel = event("demo:LT-101:high:2", 1, clock.millis());
                r.onAlarm(sentinel);
                hooks.await("/ops", q -> q.body().contains(sentinel.id()), Duration.ofSeconds(10));
                assertEquals(1, hooks.requests("/ops").stream().filter(q -> q.body().contains(raised.id())).count(),
                        "told once, not again at the second start");
                assertEquals("delivered", r.deliveries(raised.id()).get(0).state());
            }
        }
    }

    private AlarmResponse open(ResponseSettings s, TestClock clock) {
        return AlarmResponse.open(s, Configs.gateway().sites(), dir.resolve("response"), clock, new SimpleMeterRegistry(),
                (t, p, q, r) -> {}, (id, who, c) -> CompletableFuture.completedFuture(new AckResult(AckResult.Outcome.UNKNOWN_ALARM, id, null, "unknown")), List::of,
                json -> {});
    }

    static AlarmEvent event(String id, long seq, long ts) {
        String tag = id.split(":")[1];
        return new AlarmEvent(id, seq, "demo", "TF1", tag, "high", "H", AlarmKind.THRESHOLD, 4, AlarmState.RAISED, 60, 50, "%LEL", ts, ts,
                tag + " raised");
    }
}
