package io.hazardgate.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.LogSettings;
import io.hazardgate.record.Bytes;
import io.hazardgate.store.Records;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a process appending to the log: every record it acknowledged is there after recovery. */
class DurableLogCrashTest {
    @TempDir
    Path dir;

    private static int lastAck(Path file) throws IOException {
        if (!Files.exists(file)) return -1;
        int last = -1;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            // a line cut off by the kill is simply not counted
            if (line.startsWith("ACK ") && line.length() > 4) last = Math.max(last, Integer.parseInt(line.substring(4)));
        }
        return last;
    }

    @Test
    void everyAcknowledgedRecordSurvivesAKill9() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path logDir = dir.resolve("log");
        // Acknowledgements go to a file: every one the child wrote before it died can be read afterwards.
        Path ackFile = dir.resolve("acks.txt");
        Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                LogCrashChild.class.getName(), logDir.toString())
                .redirectOutput(ackFile.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Await.until("2000 acknowledgements", Duration.ofSeconds(60), () -> lastAck(ackFile) >= 2000);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        int lastAck = lastAck(ackFile);
        assertTrue(lastAck >= 2000, "the child acknowledged only " + lastAck);

        try (DurableLog log = DurableLog.open(logDir, LogOptions.of(LogSettings.DEFAULTS), Clock.systemUTC(),
                new StoreMetrics(new SimpleMeterRegistry()));
             LogReader reader = log.reader(log.start())) {
            for (int n = 0; n <= lastAck; n++) {
                assertTrue(reader.next(), "record " + n + " was acknowledged but is missing");
                Bytes expected = Records.opaque(n, 100 + n % 400);
                byte[] want = new byte[expected.readableBytes()];
                expected.getBytes(expected.readerIndex(), want);
                expected.release();
                byte[] got = new byte[reader.length()];
                reader.buffer().getBytes(reader.index(), got);
                assertArrayEquals(want, got, "record " + n);
            }
        }
    }
}
