package io.hazardgate.mqtt.connection;

/**
 * The server-wide switch that stops every connection reading (MQTT 3.1.1 and 5 give a server no other
 * way to slow publishers than TCP backpressure). While it is closed, and for one keep-alive period
 * after it reopens, keep-alive and connect timeouts do not fire: the silence is the server's doing.
 */
public final class InboundGate {
    private volatile boolean paused;
    private volatile String reason;
    private volatile long resumedAtNanos = Long.MIN_VALUE / 2;

    void pause(String why) {
        reason = why;
        paused = true;
    }

    void resume(long nowNanos) {
        resumedAtNanos = nowNanos;
        paused = false;
    }

    public boolean isPaused() { return paused; }

    /** Why reading is paused, or null. */
    public String reason() { return paused ? reason : null; }

    /** True while paused or when reading resumed less than {@code periodNanos} ago. */
    public boolean pausedWithin(long nowNanos, long periodNanos) {
        return paused || nowNanos - resumedAtNanos < periodNanos;
    }
}
