package io.hazardgate.mqtt.broker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes waiting in every session's queue together, held to one limit, so that many sessions each
 * within their own limit cannot together exhaust memory. Thread-safe; any session may reserve.
 */
public final class QueuedBytes {
    private final long max;
    private final AtomicLong used = new AtomicLong();

    public QueuedBytes(long max) {
        this.max = max;
    }

    /** No limit: each session's own limit is the only one. */
    public static QueuedBytes unlimited() { return new QueuedBytes(Long.MAX_VALUE); }

    /** Takes {@code bytes} from the budget; false (and nothing taken) when they do not fit. */
    boolean tryReserve(long bytes) {
        long after = used.addAndGet(bytes);
        if (after > max || after < 0) {
            used.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(long bytes) {
        if (bytes != 0) {
            used.addAndGet(-bytes);
        }
    }

    public long used() { return used.get(); }

    public long max() { return max; }
}
