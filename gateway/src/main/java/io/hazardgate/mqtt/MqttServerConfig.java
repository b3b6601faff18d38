package io.hazardgate.mqtt;

import java.time.Duration;

/**
 * Limits of the MQTT server. Immutable and validated on construction; every default is a named
 * constant so operators can read what they get without configuring anything.
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
 *                                MQTT 5 clients as Receive Maximum.
 * @param connectTimeout          how long a new connection may take to send CONNECT
 * @param maxKeepAliveSeconds     MQTT 5 clients asking for more (or 0 = none) are told this value as
 *                                Server Keep Alive; MQTT 3.1.1 has no way to say it, so their own value holds
 * @param ioThreads               event-loop threads for connections; 0 means Netty's default (2 × cores)
 * @param writeBufferLowWaterMark per connection: writing resumes below this many buffered bytes
 * @param writeBufferHighWaterMark per connection: writing stops (and reading pauses) above this
 */
public record MqttServerConfig(
        int maxPacketSizeBytes,
        int maxQueuedMessages,
        long maxQueuedBytes,
        int maxInflightOutbound,
        int maxInflightInbound,
        Duration connectTimeout,
        int maxKeepAliveSeconds,
        int ioThreads,
        int writeBufferLowWaterMark,
        int writeBufferHighWaterMark) {

    /** 1 MiB: a data logger's store-and-forward backlog upload fits; a hostile client cannot pin memory. */
    public static final int DEFAULT_MAX_PACKET_SIZE_BYTES = 1024 * 1024;
    /** Enough for hours of alarms for one control-room consumer that is offline. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 10_000;
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_INFLIGHT_OUTBOUND = 32;
    /** Lets a data logger keep a group commit's worth of readings in flight. */
    public static final int DEFAULT_MAX_INFLIGHT_INBOUND = 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The largest value the two-byte Keep Alive field can carry: no cap. */
    public static final int DEFAULT_MAX_KEEP_ALIVE_SECONDS = 65_535;
    public static final int DEFAULT_IO_THREADS = 0;
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 64 * 1024;

    /** The MQTT 5 ceiling for Maximum Packet Size: 268,435,455 bytes of remaining length plus 5 of header. */
    static final int PROTOCOL_MAX_PACKET_SIZE = 268_435_460;

    public MqttServerConfig {
        requireRange("maxPacketSizeBytes", maxPacketSizeBytes, 16, PROTOCOL_MAX_PACKET_SIZE);
        requireRange("maxQueuedMessages", maxQueuedMessages, 1, Integer.MAX_VALUE);
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("maxQueuedBytes must be positive, was " + maxQueuedBytes);
        }
        requireRange("maxInflightOutbound", maxInflightOutbound, 1, 65_535);
        requireRange("maxInflightInbound", maxInflightInbound, 1, 65_535);
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        requireRange("maxKeepAliveSeconds", maxKeepAliveSeconds, 1, 65_535);
        requireRange("ioThreads", ioThreads, 0, 1024);
        requireRange("writeBufferLowWaterMark", writeBufferLowWaterMark, 1, Integer.MAX_VALUE);
        if (writeBufferHighWaterMark <= writeBufferLowWaterMark) {
            throw new IllegalArgumentException("writeBufferHighWaterMark (" + writeBufferHighWaterMark
                    + ") must be above writeBufferLowWaterMark (" + writeBufferLowWaterMark + ")");
        }
    }

    /** Every limit at its documented default. */
    public static MqttServerConfig defaults() {
        return new MqttServerConfig(DEFAULT_MAX_PACKET_SIZE_BYTES, DEFAULT_MAX_QUEUED_MESSAGES,
                DEFAULT_MAX_QUEUED_BYTES, DEFAULT_MAX_INFLIGHT_OUTBOUND, DEFAULT_MAX_INFLIGHT_INBOUND,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_KEEP_ALIVE_SECONDS, DEFAULT_IO_THREADS,
                DEFAULT_WRITE_BUFFER_LOW_WATER_MARK, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK);
    }

    public MqttServerConfig withMaxPacketSizeBytes(int v) {
        return new MqttServerConfig(v, maxQueuedMessages, maxQueuedBytes, maxInflightOutbound,
                maxInflightInbound, connectTimeout, maxKeepAliveSeconds, ioThreads,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    public MqttServerConfig withQueueLimits(int messages, long bytes) {
        return new MqttServerConfig(maxPacketSizeBytes, messages, bytes, maxInflightOutbound,
                maxInflightInbound, connectTimeout, maxKeepAliveSeconds, ioThreads,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    public MqttServerConfig withInflight(int outbound, int inbound) {
        return new MqttServerConfig(maxPacketSizeBytes, maxQueuedMessages, maxQueuedBytes, outbound,
                inbound, connectTimeout, maxKeepAliveSeconds, ioThreads,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    public MqttServerConfig withConnectTimeout(Duration v) {
        return new MqttServerConfig(maxPacketSizeBytes, maxQueuedMessages, maxQueuedBytes,
                maxInflightOutbound, maxInflightInbound, v, maxKeepAliveSeconds, ioThreads,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    public MqttServerConfig withMaxKeepAliveSeconds(int v) {
        return new MqttServerConfig(maxPacketSizeBytes, maxQueuedMessages, maxQueuedBytes,
                maxInflightOutbound, maxInflightInbound, connectTimeout, v, ioThreads,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    public MqttServerConfig withIoThreads(int v) {
        return new MqttServerConfig(maxPacketSizeBytes, maxQueuedMessages, maxQueuedBytes,
                maxInflightOutbound, maxInflightInbound, connectTimeout, maxKeepAliveSeconds, v,
                writeBufferLowWaterMark, writeBufferHighWaterMark);
    }

    private static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
