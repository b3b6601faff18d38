package io.hazardgate.config.device;

import java.time.Duration;
import java.util.List;

/**
 * An OPC UA server (a PLC, a DCS, a gas-detection system's gateway) the gateway subscribes to: where it
 * is, how it logs in, and which nodes feed which tags.
 *
 * @param endpoint           {@code opc.tcp://host:port/path}; the gateway connects to this host and port
 *                           whatever host name the server advertises in its endpoint descriptions
 * @param username           the user to log in as, or null for anonymous login
 * @param password           that user's password (null when anonymous)
 * @param publishingInterval how often the server sends the changes it sampled
 * @param reconnectMax       the longest wait between attempts to connect when the server cannot be reached
 *                           (they start at one second and double)
 */
public record OpcUaDevice(String endpoint, String username, String password, Duration publishingInterval,
                          Duration reconnectMax, List<OpcUaPoint> points) {
    public static final Duration DEFAULT_PUBLISHING_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SAMPLING_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration FIRST_RECONNECT = Duration.ofSeconds(1);
    /** Bounds one device's subscription (a point per monitored item); OPC UA servers cap theirs too. */
    public static final int MAX_POINTS = 10_000;

    /** No password in logs or error texts. */
    @Override
    public String toString() {
        return "OpcUaDevice[" + endpoint + (username == null ? ", anonymous" : ", user " + username) + ", "
                + points.size() + " points]";
    }

    /**
     * One monitored node.
     *
     * @param nodeId   the node id in OPC UA's text form ({@code ns=2;s=Tank1.Level}, {@code ns=3;i=1002},
     *                 {@code nsu=urn:...;s=...} is not accepted: namespace indexes only)
     * @param sampling how often the server samples the node
     * @param deadband an absolute deadband: changes smaller than this are not sent (0: every change)
     */
    public record OpcUaPoint(String tag, String nodeId, Duration sampling, double deadband, double scale, double offset) {}
}
