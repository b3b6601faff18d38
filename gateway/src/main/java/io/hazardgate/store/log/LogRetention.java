package io.hazardgate.store.log;

import io.hazardgate.config.LogSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes sealed segments every consumer is done with (the store has them, every platform uplink sent
 * them), oldest first: those older than the age limit, and more while the log is above its low-water
 * mark. It stops at the first segment holding a record some consumer still needs, so nothing is deleted
 * before the slowest one has it; when such records alone fill the disk budget, it reports the budget
 * reached so that ingest pauses publishers.
 */
final class LogRetention {
    private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);

    private final Segments segments;
    private final LogSettings settings;
    private final Clock clock;
    private final long lowWater;
    private boolean budgetReached;

    LogRetention(Segments segments, LogSettings settings, Clock clock) {
        this.segments = segments;
        this.settings = settings;
        this.clock = clock;
        // Leave the budget state only well below it, so publishers are not paused and resumed per segment.
        this.lowWater = settings.maxBytes() / 10 * 9;
    }

    /** Deletes what may go and returns whether the disk budget is reached. */
    boolean enforce(long doneBefore) {
        long now = clock.millis();
        long total = segments.totalBytes();
        for (Segment s : segments.inOrder()) {
            if (!s.sealed || s.endOffset() > doneBefore) break;
            boolean old = now - s.lastAppendedAt >= settings.maxAge().toMillis();
            if (!old && total <= lowWater) break;
            segments.remove(s);
            try {
                Files.deleteIfExists(s.path);
                total -= s.size;
                LOG.debug("Deleted log segment {} ({} bytes, {})", s, s.size, old ? "past max age" : "over budget");
            } catch (IOException e) {
                segments.add(s);
                LOG.warn("Cannot delete log segment {}: {}", s.path, e.toString());
                break;
            }
        }
        boolean reached = budgetReached ? total > lowWater : total >= settings.maxBytes();
        if (reached != budgetReached) {
            budgetReached = reached;
            if (reached) {
                LOG.warn("Local log reached its disk budget ({} of {} bytes) with records the store or a platform uplink "
                        + "does not have yet: publishers are paused until they catch up", total, settings.maxBytes());
            } else {
                LOG.info("Local log back under its disk budget ({} of {} bytes): publishers may resume", total,
                        settings.maxBytes());
            }
        }
        return reached;
    }

    boolean budgetReached() { return budgetReached; }
}
