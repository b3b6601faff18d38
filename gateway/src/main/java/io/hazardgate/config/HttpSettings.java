package io.hazardgate.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code http} block of {@code gateway.yaml}: where the API, the dashboard and the metrics listen,
 * and the limits a hostile client meets there.
 *
 * @param headerTimeout a request must arrive whole (headers and body) this long after its first byte;
 *                      a client trickling it is closed
 * @param idleTimeout   a connection with nothing read or written this long is closed (the live stream
 *                      writes a heartbeat every 15 s, so it stays)
 * @param allowedHosts  host names the {@code Host} header may carry besides IP addresses and
 *                      {@code localhost}: what operators type in the browser (e.g. {@code hazardgate.plant.local}).
 *                      Any other name is refused, so a page on another site whose name was re-pointed at
 *                      this address (DNS rebinding) cannot read the API
 */
public record HttpSettings(String host, int port, Duration headerTimeout, Duration idleTimeout, List<String> allowedHosts) {
    /** Ample for a browser on a slow link; a connection slower than this is a slow-loris attack. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Browsers keep idle connections for a minute or so; the live stream's heartbeat keeps it open. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public HttpSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    public static HttpSettings of(String host, int port) {
        return new HttpSettings(host, port, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, List.of());
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(host, newPort, headerTimeout, idleTimeout, allowedHosts);
    }

    /** Whether only this machine can reach it. */
    public boolean isLoopback() { return ConfigLoader.isLoopback(host); }
}
