package io.hazardgate.config.mqtt;

import java.time.Duration;

/**
 * Limits of the MQTT server, the one model of them: the config loader builds it from {@code mqtt.limits}
 * and the server takes it as it is. Immutable and range-checked here, once, on construction (an
 * {@link OutOfRange} names the component); every default is a named constant so operators can read what
 * they get without configuring anything. Build variants with {@link #toBuilder()} or the {@code with…}
 * shortcuts.
 *
 * @param maxPacketSizeBytes      largest inbound control packet (fixed header included) the server
 *                                accepts; announced to MQTT 5 clients as Maximum Packet Size. Checked from
 *                                the fixed header before the body is buffered.
 * @param maxQueuedMessages       per session: messages waiting to be sent (offline, unwritable socket,
 *                                or inflight window full). On overflow the oldest is dropped and counted.
 * @param maxQueuedBytes          per session: the same bound in payload + topic bytes
 * @param maxInflightOutbound     per session: QoS 1/2 messages sent but not yet acknowledged by the
 *                                client; an MQTT 5 client's smaller Receive Maximum wins
 * @param maxInflightInbound      per connection: QoS 1/2 publishes the server has not yet acknowledged
 *                                (waiting for durability); reading pauses at this depth. Announced to
 *                                MQTT 5 clients as Receive Maximum; one that sends more is disconnected
 *                                with 0x93.
 * @param connectTimeout          how long a new connection may take to send CONNECT
 * @param maxKeepAliveSeconds     the longest keep-alive a client gets: one asking for more, or for none (0),
 *                                is held to this value (told to MQTT 5 clients as Server Keep Alive), so
 *                                that no connection can stay silent for ever
 * @param maxSessionExpiry        how long a session waits offline at most: an MQTT 3.1.1 persistent session
 *                                (which has no expiry of its own) ends after it, and a longer MQTT 5
 *                                Session Expiry Interval is lowered to it (and the CONNACK says so)
 * @param maxQueuedBytesTotal     payload + topic bytes waiting in all session queues together; a message
 *                                that would pass it is not queued, and the drop is counted
 * @param maxPartialPacketBytes   bytes of packets not yet complete, held for all connections together; a
 *                                connection whose unfinished packet would pass it is closed
 * @param ioThreads               event-loop threads for connections; 0 means Netty's default (2 × cores)
 * @param writeBufferLowWaterMark per connection: writing resumes below this many buffered bytes
 * @param writeBufferHighWaterMark per connection: writing stops (and reading pauses) above this
 * @param topicAliasMaximum       MQTT 5 Topic Alias Maximum announced to clients (§3.2.2.3.8); 0 = none
 * @param maxRetainedMessages     retained messages held at most; a new one beyond is refused and counted
 * @param maxRetainedBytes        payload + topic bytes of retained messages held at most
 * @param maxConnectionsPerSecondPerIp new connections per second from one IP address; 0 = unlimited
 * @param rateLimitLoopback       whether the connection rate limit applies to loopback addresses too
 * @param failedLoginDelay        delay of the CONNACK after a first failed login from an IP address;
 *                                doubled per further failure
 * @param failedLoginMaxDelay     the cap of that delay
 * @param outboundTopicAliases    whether the server replaces topics by aliases towards MQTT 5 clients that
 *                                accept them; off by default because Paho Java 1.2.5 resolves incoming
 *                                aliases to an empty topic (its issue #866)
 */
public record MqttServerConfig(
        int maxPacketSizeBytes,
        int maxQueuedMessages,
        long maxQueuedBytes,
        int maxInflightOutbound,
        int maxInflightInbound,
        Duration connectTimeout,
        int maxKeepAliveSeconds,
        Duration maxSessionExpiry,
        long maxQueuedBytesTotal,
        long maxPartialPacketBytes,
        int ioThreads,
        int writeBufferLowWaterMark,
        int writeBufferHighWaterMark,
        int topicAliasMaximum,
        int maxRetainedMessages,
        long maxRetainedBytes,
        int maxConnectionsPerSecondPerIp,
        boolean rateLimitLoopback,
        Duration failedLoginDelay,
        Duration failedLoginMaxDelay,
        boolean outboundTopicAliases) {

    /** 1 MiB: a data logger's store-and-forward backlog upload fits; a hostile client cannot pin memory. */
    public static final int DEFAULT_MAX_PACKET_SIZE_BYTES = 1024 * 1024;
    /** Enough for hours of alarms for one control-room consumer that is offline. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 10_000;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_INFLIGHT_OUTBOUND = 32;
    /** Lets a data logger keep a group commit's worth of readings in flight. */
    public static final int DEFAULT_MAX_INFLIGHT_INBOUND = 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * 20 minutes: above what data loggers on cellular links use (60 to 600 s is common), and the most a
     * connection that never sends a whole packet stays open is 1.5 times this.
     */
    public static final int DEFAULT_MAX_KEEP_ALIVE_SECONDS = 1200;
    /** A control room offline over a long weekend still finds its alarms; an abandoned session goes in a week. */
    public static final Duration DEFAULT_MAX_SESSION_EXPIRY = Duration.ofDays(7);
    /** Sixteen sessions at their own limit; far more than alarm traffic needs, far less than the heap. */
    public static final long DEFAULT_MAX_QUEUED_BYTES_TOTAL = 256L * 1024 * 1024;
    /** 64 packets of the largest size in flight at once: a plant's loggers uploading backlogs after an outage. */
    public static final long DEFAULT_MAX_PARTIAL_PACKET_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_IO_THREADS = 0;
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 64 * 1024;
    /** A data logger publishes to a handful of topics; the alias table costs one slot per alias. */
    public static final int DEFAULT_TOPIC_ALIAS_MAXIMUM = 64;
    /** Far above the alarm-state and risk topics of many sites; a bound against retained floods. */
    public static final int DEFAULT_MAX_RETAINED_MESSAGES = 100_000;
    public static final long DEFAULT_MAX_RETAINED_BYTES = 64L * 1024 * 1024;
    /** A plant reconnecting after an outage opens its loggers' connections over some seconds. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SECOND_PER_IP = 50;
    public static final Duration DEFAULT_FAILED_LOGIN_DELAY = Duration.ofMillis(250);
    public static final Duration DEFAULT_FAILED_LOGIN_MAX_DELAY = Duration.ofSeconds(8);

    /** MQTT 5 §3.1.2.11.2: the largest Session Expiry Interval, which means "never". */
    private static final long PROTOCOL_MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

    /** The MQTT 5 ceiling for Maximum Packet Size: 268,435,455 bytes of remaining length plus 5 of header. */
    public static final int PROTOCOL_MAX_PACKET_SIZE = 268_435_460;

    public MqttServerConfig {
        requireRange("maxPacketSizeBytes", maxPacketSizeBytes, 16, PROTOCOL_MAX_PACKET_SIZE);
        requireRange("maxQueuedMessages", maxQueuedMessages, 1, Integer.MAX_VALUE);
        requireRange("maxQueuedBytes", maxQueuedBytes, 1, Long.MAX_VALUE);
        requireRange("maxInflightOutbound", maxInflightOutbound, 1, 65_535);
        requireRange("maxInflightInbound", maxInflightInbound, 1, 65_535);
        requirePositive("connectTimeout", connectTimeout);
        requireRange("maxKeepAliveSeconds", maxKeepAliveSeconds, 1, 65_535);
        if (maxSessionExpiry == null || maxSessionExpiry.toSeconds() < 1
                || maxSessionExpiry.toSeconds() > PROTOCOL_MAX_SESSION_EXPIRY_SECONDS) {
            throw new OutOfRange("maxSessionExpiry", "must be between 1 s and "
                    + PROTOCOL_MAX_SESSION_EXPIRY_SECONDS + " s, was " + maxSessionExpiry);
        }
        requireRange("maxQueuedBytesTotal", maxQueuedBytesTotal, 1, Long.MAX_VALUE);
        if (maxPartialPacketBytes < maxPacketSizeBytes) {
            throw new OutOfRange("maxPartialPacketBytes", "must be at least the largest packet size ("
                    + maxPacketSizeBytes + " bytes), or a packet of that size could never arrive, was "
                    + maxPartialPacketBytes);
        }
        requireRange("ioThreads", ioThreads, 0, 1024);
        requireRange("writeBufferLowWaterMark", writeBufferLowWaterMark, 1, Integer.MAX_VALUE);
        if (writeBufferHighWaterMark <= writeBufferLowWaterMark) {
            throw new OutOfRange("writeBufferHighWaterMark", "(" + writeBufferHighWaterMark
                    + ") must be above writeBufferLowWaterMark (" + writeBufferLowWaterMark + ")");
        }
        requireRange("topicAliasMaximum", topicAliasMaximum, 0, 65_535);
        requireRange("maxRetainedMessages", maxRetainedMessages, 0, Integer.MAX_VALUE);
        requireRange("maxRetainedBytes", maxRetainedBytes, 0, Long.MAX_VALUE);
        requireRange("maxConnectionsPerSecondPerIp", maxConnectionsPerSecondPerIp, 0, Integer.MAX_VALUE);
        requirePositive("failedLoginDelay", failedLoginDelay);
        requirePositive("failedLoginMaxDelay", failedLoginMaxDelay);
    }

    /** Every limit at its documented default. */
    public static MqttServerConfig defaults() { return new Builder().build(); }

    public Builder toBuilder() { return new Builder(this); }

    public MqttServerConfig withMaxPacketSizeBytes(int v) { return toBuilder().maxPacketSizeBytes(v).build(); }

    public MqttServerConfig withQueueLimits(int messages, long bytes) {
        return toBuilder().maxQueuedMessages(messages).maxQueuedBytes(bytes).build();
    }

    public MqttServerConfig withInflight(int outbound, int inbound) {
        return toBuilder().maxInflightOutbound(outbound).maxInflightInbound(inbound).build();
    }

    public MqttServerConfig withConnectTimeout(Duration v) { return toBuilder().connectTimeout(v).build(); }

    public MqttServerConfig withMaxKeepAliveSeconds(int v) { return toBuilder().maxKeepAliveSeconds(v).build(); }

    /** {@link #maxSessionExpiry()} in whole seconds, as the protocol counts it. */
    public long maxSessionExpirySeconds() { return maxSessionExpiry.toSeconds(); }

    public MqttServerConfig withIoThreads(int v) { return toBuilder().ioThreads(v).build(); }

    /** Mutable builder starting from the defaults. */
    public static final class Builder {
        private int maxPacketSizeBytes = DEFAULT_MAX_PACKET_SIZE_BYTES;
        private int maxQueuedMessages = DEFAULT_MAX_QUEUED_MESSAGES;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private int maxInflightOutbound = DEFAULT_MAX_INFLIGHT_OUTBOUND;
        private int maxInflightInbound = DEFAULT_MAX_INFLIGHT_INBOUND;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxKeepAliveSeconds = DEFAULT_MAX_KEEP_ALIVE_SECONDS;
        private Duration maxSessionExpiry = DEFAULT_MAX_SESSION_EXPIRY;
        private long maxQueuedBytesTotal = DEFAULT_MAX_QUEUED_BYTES_TOTAL;
        private long maxPartialPacketBytes = DEFAULT_MAX_PARTIAL_PACKET_BYTES;
        private int ioThreads = DEFAULT_IO_THREADS;
        private int writeBufferLowWaterMark = DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
        private int writeBufferHighWaterMark = DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;
        private int topicAliasMaximum = DEFAULT_TOPIC_ALIAS_MAXIMUM;
        private int maxRetainedMessages = DEFAULT_MAX_RETAINED_MESSAGES;
        private long maxRetainedBytes = DEFAULT_MAX_RETAINED_BYTES;
        private int maxConnectionsPerSecondPerIp = DEFAULT_MAX_CONNECTIONS_PER_SECOND_PER_IP;
        private boolean rateLimitLoopback;
        private Duration failedLoginDelay = DEFAULT_FAILED_LOGIN_DELAY;
        private Duration failedLoginMaxDelay = DEFAULT_FAILED_LOGIN_MAX_DELAY;
        private boolean outboundTopicAliases;

        public Builder() {}

        private Builder(MqttServerConfig c) {
            maxPacketSizeBytes = c.maxPacketSizeBytes;
            maxQueuedMessages = c.maxQueuedMessages;
            maxQueuedBytes = c.maxQueuedBytes;
            maxInflightOutbound = c.maxInflightOutbound;
            maxInflightInbound = c.maxInflightInbound;
            connectTimeout = c.connectTimeout;
            maxKeepAliveSeconds = c.maxKeepAliveSeconds;
            maxSessionExpiry = c.maxSessionExpiry;
            maxQueuedBytesTotal = c.maxQueuedBytesTotal;
            maxPartialPacketBytes = c.maxPartialPacketBytes;
            ioThreads = c.ioThreads;
            writeBufferLowWaterMark = c.writeBufferLowWaterMark;
            writeBufferHighWaterMark = c.writeBufferHighWaterMark;
            topicAliasMaximum = c.topicAliasMaximum;
            maxRetainedMessages = c.maxRetainedMessages;
            maxRetainedBytes = c.maxRetainedBytes;
            maxConnectionsPerSecondPerIp = c.maxConnectionsPerSecondPerIp;
            rateLimitLoopback = c.rateLimitLoopback;
            failedLoginDelay = c.failedLoginDelay;
            failedLoginMaxDelay = c.failedLoginMaxDelay;
            outboundTopicAliases = c.outboundTopicAliases;
        }

        public Builder maxPacketSizeBytes(int v) { maxPacketSizeBytes = v; return this; }

        public Builder maxQueuedMessages(int v) { maxQueuedMessages = v; return this; }

        public Builder maxQueuedBytes(long v) { maxQueuedBytes = v; return this; }

        public Builder maxInflightOutbound(int v) { maxInflightOutbound = v; return this; }

        public Builder maxInflightInbound(int v) { maxInflightInbound = v; return this; }

        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }

        public Builder maxKeepAliveSeconds(int v) { maxKeepAliveSeconds = v; return this; }

        public Builder maxSessionExpiry(Duration v) { maxSessionExpiry = v; return this; }

        public Builder maxQueuedBytesTotal(long v) { maxQueuedBytesTotal = v; return this; }

        public Builder maxPartialPacketBytes(long v) { maxPartialPacketBytes = v; return this; }

        public Builder ioThreads(int v) { ioThreads = v; return this; }

        public Builder writeBufferWaterMarks(int low, int high) {
            writeBufferLowWaterMark = low;
            writeBufferHighWaterMark = high;
            return this;
        }

        public Builder topicAliasMaximum(int v) { topicAliasMaximum = v; return this; }

        public Builder maxRetainedMessages(int v) { maxRetainedMessages = v; return this; }

        public Builder maxRetainedBytes(long v) { maxRetainedBytes = v; return this; }

        public Builder maxConnectionsPerSecondPerIp(int v) { maxConnectionsPerSecondPerIp = v; return this; }

        public Builder rateLimitLoopback(boolean v) { rateLimitLoopback = v; return this; }

        public Builder failedLoginDelay(Duration first, Duration max) {
            failedLoginDelay = first;
            failedLoginMaxDelay = max;
            return this;
        }

        public Builder outboundTopicAliases(boolean v) { outboundTopicAliases = v; return this; }

        public MqttServerConfig build() {
            return new MqttServerConfig(maxPacketSizeBytes, maxQueuedMessages, maxQueuedBytes, maxInflightOutbound,
                    maxInflightInbound, connectTimeout, maxKeepAliveSeconds, maxSessionExpiry, maxQueuedBytesTotal,
                    maxPartialPacketBytes, ioThreads, writeBufferLowWaterMark,
                    writeBufferHighWaterMark, topicAliasMaximum, maxRetainedMessages, maxRetainedBytes,
                    maxConnectionsPerSecondPerIp, rateLimitLoopback, failedLoginDelay, failedLoginMaxDelay,
                    outboundTopicAliases);
        }
    }

    /** A limit outside its range; {@link #component()} is the record component that holds it. */
    public static final class OutOfRange extends IllegalArgumentException {
        private final String component;
        private final String reason;

        OutOfRange(String component, String reason) {
            super(component + " " + reason);
            this.component = component;
            this.reason = reason;
        }

        public String component() { return component; }

        /** What is wrong, without the component's name. */
        public String reason() { return reason; }
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new OutOfRange(field, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void requirePositive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new OutOfRange(field, "must be positive, was " + d);
        }
    }
}
