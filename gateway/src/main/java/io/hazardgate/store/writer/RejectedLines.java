package io.hazardgate.store.writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where data the store refuses for good is kept instead of being dropped: {@code <log>/rejected/}, one
 * file per refused batch or undecodable record, named by log offsets, with the reason beside it. An
 * operator can fix the cause and post a {@code .lp} file to the store's write endpoint as it is.
 */
final class RejectedLines {
    private static final Logger LOG = LoggerFactory.getLogger(RejectedLines.class);

    private final Path dir;

    RejectedLines(Path dir) {
        this.dir = dir;
    }

    void batch(ShipBatch b, String reason) {
        String name = b.firstOffset + "-" + b.lastOffset;
        byte[] lines = (b.readings.toString() + b.alarms).getBytes(StandardCharsets.UTF_8);
        Path file = save(name + ".lp", lines, reason);
        LOG.error("The store refused {} lines of log offsets {}..{}: {}. They are kept in {} and will not be retried",
                b.lines(), b.firstOffset, b.lastOffset, reason, file);
    }

    void record(long offset, byte[] bytes, String reason) {
        Path file = save(offset + ".record", bytes, reason);
        LOG.error("Log record {} cannot be turned into lines: {}. Its bytes are kept in {}", offset, reason, file);
    }

    private Path save(String name, byte[] content, String reason) {
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.write(file, content);
            Files.writeString(dir.resolve(name + ".reason"), reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.error("Cannot keep rejected data in {}: {}", file, e.toString());
        }
        return file;
    }
}
