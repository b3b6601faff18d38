package io.hazardgate.store.writer;

import java.time.Duration;

/**
 * Tuning of the store writer.
 *
 * @param inFlight       write requests in flight at once
 * @param maxLines       a batch is sent once it holds this many lines
 * @param maxChars       … or this much line protocol
 * @param linger         when the writer has caught up with the log, how long a small batch waits for more
 * @param initialBackoff first retry delay after a failed write; doubles up to {@code maxBackoff}
 * @param maxBackoff     longest retry delay, and so the longest a recovered store waits to be noticed
 */
public record ShipperOptions(int inFlight, int maxLines, int maxChars, Duration linger, Duration initialBackoff,
                      Duration maxBackoff) {
    public static final int DEFAULT_MAX_LINES = 50_000;
    /** About 6 MB of request body: large enough to amortise a request, small enough for every store's limit. */
    static final int DEFAULT_MAX_CHARS = 6 << 20;
    /**
     * Each write is one WAL transaction in QuestDB, whose apply costs a fixed part per transaction (it
     * maps every distinct tag of the transaction to the table's symbols): at 300k readings/s, 200 ms
     * batches instead of 20 ms cut the store's CPU by about a tenth. Readings reach the store a fifth
     * of a second later, which no reader of a time-series store notices.
     */
    static final Duration DEFAULT_LINGER = Duration.ofMillis(200);
    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    public static ShipperOptions defaults(int inFlight) {
        return new ShipperOptions(inFlight, DEFAULT_MAX_LINES, DEFAULT_MAX_CHARS, DEFAULT_LINGER,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }
}
