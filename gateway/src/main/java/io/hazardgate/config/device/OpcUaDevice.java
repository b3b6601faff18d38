package io.hazardgate.config.device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An OPC UA server (a PLC, a DCS, a gas-detection system's gateway) the gateway subscribes to: where it
 * is, how the channel to it is secured, how the gateway logs in, and which nodes feed which tags.
 *
 * @param endpoint           {@code opc.tcp://host:port/path}; the gateway connects to this host and port
 *                           whatever host name the server advertises in its endpoint descriptions
 * @param policy             the security policy of the channel ({@link #DEFAULT_POLICY} unless the site file says)
 * @param mode               the message security mode ({@link #DEFAULT_MODE} unless the site file says;
 *                           {@code None} exactly when the policy is {@code None})
 * @param serverThumbprint   the SHA-256 thumbprint (64 hex digits, upper case) of the server certificate
 *                           trusted for this device, or null: then only the gateway's trusted-certificates
 *                           directory decides
 * @param username           the user to log in as, or null
 * @param password           that user's password (null without a username)
 * @param userCertificate    the X.509 certificate to log in with (PEM or DER), or null
 * @param userKey            that certificate's private key (PEM, PKCS#8 or PKCS#1), or null
 * @param publishingInterval how often the server sends the changes it sampled
 * @param reconnectMax       the longest wait between attempts to connect when the server cannot be reached
 *                           (they start at one second and double)
 */
public record OpcUaDevice(String endpoint, Policy policy, Mode mode, String serverThumbprint, String username,
                          String password, Path userCertificate, Path userKey, Duration publishingInterval,
                          Duration reconnectMax, List<OpcUaPoint> points) {
    public static final Duration DEFAULT_PUBLISHING_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_SAMPLING_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);
    public static final Duration FIRST_RECONNECT = Duration.ofSeconds(1);
    /** Secure by default: a device without {@code security} gets a signed and encrypted channel. */
    public static final Policy DEFAULT_POLICY = Policy.Basic256Sha256;
    public static final Mode DEFAULT_MODE = Mode.SignAndEncrypt;
    /** Bounds one device's subscription (a point per monitored item); OPC UA servers cap theirs too. */
    public static final int MAX_POINTS = 10_000;

    /**
     * The security policies the gateway speaks (OPC UA Part 7 profiles). Basic128Rsa15 and Basic256 are
     * left out on purpose: OPC UA 1.04 deprecated them (SHA-1, PKCS#1 v1.5).
     */
    public enum Policy { None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss }

    /** Message security mode (OPC UA Part 4 §7.20). */
    public enum Mode { None, Sign, SignAndEncrypt }

    /** How the gateway logs in: at most one of a user name and a user certificate. */
    public enum Login { ANONYMOUS, USERNAME, CERTIFICATE }

    public Login login() {
        if (username != null) return Login.USERNAME;
        if (userCertificate != null) return Login.CERTIFICATE;
        return Login.ANONYMOUS;
    }

    /** True when the channel is signed (and perhaps encrypted): the gateway then needs its own certificate. */
    public boolean secure() { return policy != Policy.None; }

    /** No password in logs or error texts. */
    @Override
    public String toString() {
        String login = switch (login()) {
            case ANONYMOUS -> "anonymous";
            case USERNAME -> "user " + username;
            case CERTIFICATE -> "user certificate " + userCertificate.getFileName();
        };
        return "OpcUaDevice[" + endpoint + ", " + policy + "/" + mode + ", " + login + ", " + points.size() + " points]";
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
