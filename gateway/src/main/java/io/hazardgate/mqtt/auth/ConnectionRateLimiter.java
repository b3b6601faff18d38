package io.hazardgate.mqtt.auth;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * New connections per second per IP address: beyond the limit a connection is closed before it is
 * read. Fixed one-second windows; the table forgets addresses whose window is over once it grows, so
 * a scan from many addresses cannot make it grow without bound.
 */
public final class ConnectionRateLimiter {
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final int SWEEP_ABOVE = 10_000;

    private final int perSecond;
    private final boolean limitLoopback;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        int count;
    }

    /** @param perSecond 0 for no limit */
    public ConnectionRateLimiter(int perSecond, boolean limitLoopback, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.limitLoopback = limitLoopback;
        this.nanoClock = nanoClock;
    }

    /** Counts a new connection from {@code address}; false when it is one too many this second. */
    public boolean tryAcquire(InetAddress address) {
        if (perSecond == 0 || address == null || (!limitLoopback && address.isLoopbackAddress())) {
            return true;
        }
        long now = nanoClock.getAsLong();
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(w -> now - w.start >= SECOND_NANOS);
        }
        Window w = windows.computeIfAbsent(address, a -> new Window());
        synchronized (w) {
            if (w.count == 0 || now - w.start >= SECOND_NANOS) {
                w.start = now;
                w.count = 0;
            }
            return ++w.count <= perSecond;
        }
    }
}
