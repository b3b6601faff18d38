package io.hazardgate.mqtt.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed-login backoff per IP address: the refusing CONNACK of each failed login waits
 * {@code first × 2^(failures-1)}, capped, so guessing passwords costs time per guess. A success from
 * the address, or ten minutes without failures, forgets it.
 */
public final class LoginThrottle {
    static final long FORGET_AFTER_NANOS = Duration.ofMinutes(10).toNanos();
    private static final int SWEEP_ABOVE = 10_000;

    private final long firstNanos;
    private final long maxNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, long lastNanos) {}

    public LoginThrottle(Duration first, Duration max, LongSupplier nanoClock) {
        this.firstNanos = first.toNanos();
        this.maxNanos = max.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Records a failure and returns how long to wait before answering it. */
    public Duration failed(InetAddress address) {
        if (address == null) {
            return Duration.ofNanos(firstNanos);
        }
        long now = nanoClock.getAsLong();
        if (failures.size() > SWEEP_ABOVE) {
            failures.values().removeIf(f -> now - f.lastNanos() > FORGET_AFTER_NANOS);
        }
        Failures f = failures.compute(address, (a, old) ->
                old == null || now - old.lastNanos() > FORGET_AFTER_NANOS
                        ? new Failures(1, now) : new Failures(old.count() + 1, now));
        int shift = Math.min(f.count() - 1, 30);
        long delay = firstNanos << shift;
        return Duration.ofNanos(delay <= 0 || delay > maxNanos ? maxNanos : delay);
    }

    public void succeeded(InetAddress address) {
        if (address != null) {
            failures.remove(address);
        }
    }
}
