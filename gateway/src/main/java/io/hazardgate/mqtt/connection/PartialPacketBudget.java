package io.hazardgate.mqtt.connection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes the server holds for packets that have begun to arrive but are not complete, for all
 * connections together. The decoder must buffer a packet whole before it can read it, so without this
 * bound many connections each sending most of a large packet and then nothing could fill memory and stop
 * the process answering anything. Thread-safe.
 */
public final class PartialPacketBudget {
    private final long max;
    private final AtomicLong used = new AtomicLong();

    public PartialPacketBudget(long max) {
        this.max = max;
    }

    /** Takes {@code bytes}; false, taking nothing, when they do not fit. */
    public boolean tryReserve(long bytes) {
        long after = used.addAndGet(bytes);
        if (after > max) {
            used.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    public void release(long bytes) {
        if (bytes != 0) {
            used.addAndGet(-bytes);
        }
    }

    public long used() { return used.get(); }

    public long max() { return max; }
}
