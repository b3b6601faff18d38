package io.hazardgate.store.writer;

import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogFrame;
import io.hazardgate.store.log.LogPosition;
import io.hazardgate.store.log.Segment;
import java.io.IOException;
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
 * Persists how far the store has every record: {@code shipped.offset} beside the segments, a small
 * text file replaced atomically. Losing or damaging it only makes the writer ship again from the
 * oldest segment, which the idempotent schema absorbs, so it is not fsynced on every advance.
 */
public final class ShippedOffsetFile {
    private static final Logger LOG = LoggerFactory.getLogger(ShippedOffsetFile.class);
    public static final String NAME = "shipped.offset";

    private final Path file;
    private final Path temp;

    ShippedOffsetFile(Path logDir) {
        this.file = logDir.resolve(NAME);
        this.temp = logDir.resolve(NAME + ".tmp");
    }

    /** The persisted position, checked against the log, or the log's start if there is none usable. */
    LogPosition load(DurableLog log) {
        LogPosition stored = read();
        LogPosition start = log.start();
        LogPosition end = log.end();
        if (stored == null) return start;
        Segment s = log.segments().get(stored.segmentBase());
        if (stored.offset() > end.offset()) {
            // The log lost a tail the store already has (fsync policy os or interval and a power loss).
            LOG.warn("Shipped offset {} is past the end of the log ({}): resuming at the end", stored.offset(), end.offset());
            return end;
        }
        if (s == null) {
            // The segment it pointed into was shipped whole and deleted: resume where the next one starts.
            Segment next = log.segments().after(stored.segmentBase());
            if (next != null && stored.offset() <= next.baseOffset) return LogPosition.segmentStart(next.baseOffset);
        }
        if (s == null || stored.position() > s.size || stored.position() < LogFrame.SEGMENT_HEADER_BYTES) {
            LOG.warn("Shipped offset {} does not match the log's segments: shipping again from the oldest record {}",
                    stored, start.offset());
            return start;
        }
        return stored;
    }

    private LogPosition read() {
        try {
            Properties p = new Properties();
            p.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            return new LogPosition(Long.parseLong(p.getProperty("offset").trim()),
                    Long.parseLong(p.getProperty("segment").trim()), Long.parseLong(p.getProperty("position").trim()));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read {} ({}): shipping again from the oldest record in the log", file, e.toString());
            return null;
        }
    }

    void write(LogPosition pos) throws IOException {
        String text = "# records before this offset are in the time-series store\n"
                + "offset=" + pos.offset() + "\nsegment=" + pos.segmentBase() + "\nposition=" + pos.position() + "\n";
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
