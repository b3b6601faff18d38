package io.hazardgate;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Password guessing on the HTTP API, held back per client address: after {@link #FREE_FAILURES} failed
 * logins (a mistyped password or two) the address waits {@link #FIRST_WAIT}, doubled per further failure
 * up to {@link #MAX_WAIT}, before its next attempt is even checked; and it may have at most
 * {@link #MAX_IN_FLIGHT} checks running at once, so requests pipelined before a failure is known do not
 * slip through. A success clears its own address only; ten minutes without a failure forget the
 * address. Thread-safe.
 */
final class AddressThrottle {
    static final int FREE_FAILURES = 3;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMinutes(2);
    static final int MAX_IN_FLIGHT = 2;
    private static final long FORGET_AFTER_NANOS = Duration.ofMinutes(10).toNanos();
    private static final int SWEEP_ABOVE = 10_000;

    /** A failure recorded: how many from the address, and how long its next attempt waits. */
    record Failure(int count, Duration nextAttemptWaits) {}

    private static final class State {
        int failures;
        long lastFailureNanos;
        long blockedUntilNanos;
        int inFlight;
    }

    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, State> states = new ConcurrentHashMap<>();

    AddressThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Starts a check from {@code address}; null when it may go ahead, else how long to wait. */
    Duration acquire(InetAddress address) {
        long now = nanoClock.getAsLong();
        if (states.size() > SWEEP_ABOVE) {
            states.values().removeIf(s -> {
                synchronized (s) {
                    return s.inFlight == 0 && now - s.lastFailureNanos > FORGET_AFTER_NANOS;
                }
            });
        }
        State s = states.computeIfAbsent(address, a -> new State());
        synchronized (s) {
            if (now < s.blockedUntilNanos) {
                return Duration.ofNanos(s.blockedUntilNanos - now);
            }
            if (s.inFlight >= MAX_IN_FLIGHT) {
                return FIRST_WAIT;
            }
            s.inFlight++;
            return null;
        }
    }

    /** The check started by {@link #acquire} is over. */
    void release(InetAddress address) {
        State s = states.get(address);
        if (s != null) {
            synchronized (s) {
                s.inFlight = Math.max(0, s.inFlight - 1);
            }
        }
    }

    Failure failed(InetAddress address) {
        long now = nanoClock.getAsLong();
        State s = states.computeIfAbsent(address, a -> new State());
        synchronized (s) {
            if (s.failures > 0 && now - s.lastFailureNanos > FORGET_AFTER_NANOS) {
                s.failures = 0;
            }
            s.failures++;
            s.lastFailureNanos = now;
            if (s.failures <= FREE_FAILURES) {
                return new Failure(s.failures, Duration.ZERO);
            }
            long wait = FIRST_WAIT.toNanos() << Math.min(s.failures - 1 - FREE_FAILURES, 20);
            if (wait <= 0 || wait > MAX_WAIT.toNanos()) wait = MAX_WAIT.toNanos();
            s.blockedUntilNanos = now + wait;
            return new Failure(s.failures, Duration.ofNanos(wait));
        }
    }

    /** A success from {@code address} forgets its failures, and nobody else's. */
    void succeeded(InetAddress address) {
        State s = states.get(address);
        if (s != null) {
            synchronized (s) {
                s.failures = 0;
                s.blockedUntilNanos = 0;
            }
        }
    }
}
