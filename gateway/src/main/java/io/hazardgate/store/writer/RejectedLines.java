package io.hazardgate.store.writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where data the store refuses for good is kept instead of being dropped: {@code <log>/rejected/}.
 * The writer splits a refused batch until only the refused lines are left (see {@link BatchSender}):
 * those are appended to {@code <first offset>-<last offset>.lp}, named by the log offsets of their
 * batch, with the store's answer for each in the {@code .reason} file beside it. A record that cannot
 * be turned into lines at all is kept as {@code <offset>.record}. An operator can fix the cause and post
 * a {@code .lp} file to the store's write endpoint as it is; the gateway reports data waiting here
 * (readiness) until the files are removed.
 */
public final class RejectedLines {
    private static final Logger LOG = LoggerFactory.getLogger(RejectedLines.class);

    private final Path dir;
    private final AtomicLong lines = new AtomicLong();
    private volatile long filesWaiting;

    RejectedLines(Path dir) {
        this.dir = dir;
        rescan();
    }

    /** One line of a batch the store refused; the rest of the batch was written. */
    synchronized void line(ShipBatch b, String line, String reason) {
        String name = b.firstOffset + "-" + b.lastOffset;
        String text = line.endsWith("\n") ? line : line + "\n";
        Path file = dir.resolve(name + ".lp");
        try {
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(file);
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.writeString(dir.resolve(name + ".lp.reason"), reason.replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (fresh) filesWaiting++;
        } catch (IOException e) {
            LOG.error("Cannot keep rejected data in {}: {}", file, e.toString());
        }
        lines.incrementAndGet();
        LOG.error("The store refused a line of log offsets {}..{} for good: {}. It is kept in {} and will not be retried; "
                + "the rest of its batch was written", b.firstOffset, b.lastOffset, reason, file);
    }

    synchronized void record(long offset, byte[] bytes, String reason) {
        Path file = dir.resolve(offset + ".record");
        try {
            Files.createDirectories(dir);
            Files.write(file, bytes);
            Files.writeString(dir.resolve(offset + ".record.reason"), reason + "\n", StandardCharsets.UTF_8);
            filesWaiting++;
        } catch (IOException e) {
            LOG.error("Cannot keep rejected data in {}: {}", file, e.toString());
        }
        LOG.error("Log record {} cannot be turned into lines: {}. Its bytes are kept in {}", offset, reason, file);
    }

    /** Lines set aside since start. */
    public long lines() { return lines.get(); }

    /** Files of set-aside data in the directory, as of the last {@link #rescan()} or write. */
    public long filesWaiting() { return filesWaiting; }

    /** Counts the files again (an operator may have removed them). */
    public synchronized void rescan() {
        if (!Files.isDirectory(dir)) {
            filesWaiting = 0;
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            filesWaiting = files.filter(p -> !p.getFileName().toString().endsWith(".reason")).count();
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", dir, e.toString());
        }
    }

    public Path directory() { return dir; }
}
