package io.hazardgate.config;

import java.time.Duration;

/**
 * The HJ 212-2017 TCP listener data loggers connect to ({@code southbound.hj212} in the gateway file).
 * Off unless configured: it is a new port, and every logger on it needs an account in a site file.
 *
 * @param maxDataLength  longest data segment accepted; HJ 212-2017 §6.3.1 says 1024, its 4-digit length
 *                       field allows up to 9999 for loggers that exceed it
 * @param idleTimeout    a connection that sends nothing for this long is closed (loggers send at least a
 *                       heartbeat or a real-time packet every minute or so)
 * @param maxConnections connections open at once; more are refused at accept
 * @param frameTimeout   a packet begun must be complete within this long (a sender that trickles bytes
 *                       to hold the connection is cut off)
 */
public record Hj212Settings(boolean enabled, Listener listener, int maxDataLength, Duration idleTimeout, int maxConnections,
                            Duration frameTimeout) {
    public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_PORT = 8212;
    public static final int STANDARD_MAX_DATA_LENGTH = 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final Hj212Settings OFF = new Hj212Settings(false, new Listener(ConfigLoader.DEFAULT_HOST, DEFAULT_PORT),
            STANDARD_MAX_DATA_LENGTH, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_FRAME_TIMEOUT);

    public Hj212Settings withPort(int port) {
        return new Hj212Settings(enabled, listener.withPort(port), maxDataLength, idleTimeout, maxConnections, frameTimeout);
    }
}
