package io.hazardgate.cluster;

import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogPosition;
import io.hazardgate.store.log.Segment;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far Kafka has an ingest node's outbox: {@value #NAME} beside its segments, a small text file
 * replaced atomically. Losing it only sends the outbox's records again (at least once, which the alarm
 * engine and the store absorb), so it is not forced to disk on every advance.
 */
final class OutboxCheckpoint {
    private static final Logger log = LoggerFactory.getLogger(OutboxCheckpoint.class);
    static final String NAME = "kafka.offset";

    private final Path file;
    private final Path temp;

    OutboxCheckpoint(Path dir) {
        this.file = dir.resolve(NAME);
        this.temp = dir.resolve(NAME + ".tmp");
    }

    /** The stored position if the outbox still holds it; else where the records after it begin. */
    LogPosition load(DurableLog outbox) {
        LogPosition stored = read();
        LogPosition end = outbox.end();
        if (stored == null) return outbox.start();
        if (stored.offset() > end.offset()) {
            // the outbox lost a tail Kafka already has (fsync os or interval, then a power loss)
            log.warn("outbox checkpoint {} is past the outbox's end {}: nothing to send", stored.offset(), end.offset());
            return end;
        }
        Segment s = outbox.segments().get(stored.segmentBase());
        if (s == null) {
            Segment next = outbox.segments().after(stored.segmentBase());
            if (next != null && stored.offset() <= next.baseOffset) return LogPosition.segmentStart(next.baseOffset);
            log.warn("outbox checkpoint {} matches no segment: sending the outbox again from offset {}", stored,
                    outbox.start().offset());
            return outbox.start();
        }
        if (stored.position() > s.size) {
            log.warn("outbox checkpoint {} lies past its segment's end: sending that segment again", stored);
            return LogPosition.segmentStart(s.baseOffset);
        }
        return stored;
    }

    private LogPosition read() {
        try {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return new LogPosition(Long.parseLong(p.getProperty("offset").trim()), Long.parseLong(p.getProperty("segment").trim()),
                    Long.parseLong(p.getProperty("position").trim()));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot read {} ({}): sending the outbox again from its oldest record", file, e.toString());
            return null;
        }
    }

    void write(LogPosition pos) throws IOException {
        String text = "# records of the outbox before this offset are in Kafka\n"
                + "offset=" + pos.offset() + "\nsegment=" + pos.segmentBase() + "\nposition=" + pos.position() + "\n";
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
