package io.hazardgate.mqtt.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.hazardgate.mqtt.server.MqttChannelInitializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real pipeline on an {@link EmbeddedChannel}, fed raw bytes: what the server answers to each
 * edge case of the wire format, byte by byte.
 */
class MqttDecodeEdgeCasesTest {
    /** A valid MQTT 3.1.1 CONNECT, client id "c1", clean session, keep-alive 60 s. */
    private static final int[] CONNECT_311 = {
        0x10, 0x0E,                   // CONNECT, remaining length 14
        0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name
        0x04,                         // protocol level 4 = 3.1.1
        0x02,                         // flags: clean session
        0x00, 0x3C,                   // keep-alive 60 s
        0x00, 0x02, 'c', '1',         // client id "c1"
    };

    private SimpleMeterRegistry registry;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        MqttServerConfig config = MqttServerConfig.defaults().withMaxPacketSizeBytes(1024);
        MqttMetrics metrics = new MqttMetrics(registry);
        BrokerServices services = BrokerServices.create(config, metrics, new BrokerServices.Hooks(), System::nanoTime);
        channel = new EmbeddedChannel(new MqttChannelInitializer(services,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE)));
    }

    /**
     * A refusal is not followed by an immediate close (a reset would lose it while the client still
     * sends): what the client sends now is discarded, and the server closes when the client does or once
     * the connect timeout has passed.
     */
    private void assertClosedAfterTheClientCouldReadIt() {
        assertTrue(channel.isOpen());
        feed(0xC0, 0x00); // a PINGREQ pipelined behind the CONNECT: read and dropped
        assertArrayEquals(new byte[0], readAll());
        channel.advanceTimeBy(MqttServerConfig.DEFAULT_CONNECT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Test
    void acceptsValidConnectWithConnAckAccepted() {
        feed(CONNECT_311);
        assertArrayEquals(bytes(
                0x20, 0x02,  // CONNACK, remaining length 2
                0x00,        // session present 0
                0x00),       // return code 0 accepted
                readAll());
        assertTrue(channel.isOpen());
    }

    @Test
    void refusesUnknownProtocolLevelWithReturnCode1AndCloses() {
        feed(0x10, 0x0E,
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x07,                    // protocol level 7: no such version
                0x02, 0x00, 0x3C,
                0x00, 0x02, 'c', '1');
        assertArrayEquals(bytes(0x20, 0x02, 0x00, 0x01), readAll()); // 0x01 unacceptable protocol version
        assertClosedAfterTheClientCouldReadIt();
    }

    @Test
    void closesWhenFirstPacketIsNotConnect() {
        feed(0x30, 0x05,                 // PUBLISH QoS 0, remaining length 5
                0x00, 0x01, 't',         // topic "t"
                'h', 'i');               // payload
        assertArrayEquals(new byte[0], readAll());
        assertFalse(channel.isOpen());
    }

    @Test
    void closesOnSecondConnect() {
        feed(CONNECT_311);
        readAll();
        feed(CONNECT_311);
        assertFalse(channel.isOpen());
    }

    @Test
    void closesWhenConnectReservedFlagIsSet() {
        feed(0x10, 0x0E,
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                0x03,                    // flags: clean session + reserved bit 0 (must be 0, §3.1.2-3)
                0x00, 0x3C, 0x00, 0x02, 'c', '1');
        assertFalse(channel.isOpen());
    }

    @Test
    void refusesEmptyClientIdWithoutCleanSessionWithReturnCode2() {
        feed(0x10, 0x0C,
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                0x00,                    // flags: clean session 0
                0x00, 0x3C,
                0x00, 0x00);             // client id "" (zero length)
        assertArrayEquals(bytes(0x20, 0x02, 0x00, 0x02), readAll()); // 0x02 identifier rejected
        assertClosedAfterTheClientCouldReadIt();
    }

    @Test
    void acceptsEmptyClientIdWithCleanSession() {
        feed(0x10, 0x0C,
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,
                0x02,                    // clean session 1
                0x00, 0x3C,
                0x00, 0x00);             // client id ""
        assertArrayEquals(bytes(0x20, 0x02, 0x00, 0x00), readAll());
    }

    @Test
    void assignsClientIdToMqtt5ClientWithEmptyId() {
        feed(0x10, 0x0D,
                0x00, 0x04, 'M', 'Q', 'T', 'T',
                0x05,                    // protocol level 5
                0x02, 0x00, 0x3C,
                0x00,                    // properties length 0
                0x00, 0x00);             // client id ""
        byte[] connAck = readAll();
        assertEquals(0x20, connAck[0] & 0xFF);
        assertEquals(0x00, connAck[3]);  // reason code success
        // property 0x12 Assigned Client Identifier, then a two-byte length and the id
        String text = new String(connAck, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf((char) 0x12);
        assertTrue(at > 0, "assigned client identifier property present");
        int length = ((connAck[at + 1] & 0xFF) << 8) | (connAck[at + 2] & 0xFF);
        assertTrue(text.substring(at + 3, at + 3 + length).startsWith("hg-"));
    }

    @Test
    void acknowledgesQos1PublishWithItsPacketId() {
        feed(CONNECT_311);
        readAll();
        feed(0x32, 0x07,                 // PUBLISH QoS 1, remaining length 7
                0x00, 0x01, 't',         // topic "t"
                0x12, 0x34,              // packet id 0x1234
                'h', 'i');               // payload
        assertArrayEquals(bytes(0x40, 0x02, 0x12, 0x34), readAll()); // PUBACK 0x1234
    }

    @Test
    void runsQos2ExchangeAndAnswersDuplicateWithoutRedelivering() {
        feed(CONNECT_311);
        readAll();
        int[] publish = {0x34, 0x06, 0x00, 0x01, 't', 0x00, 0x07, 'x'}; // PUBLISH QoS 2, id 7
        feed(publish);
        assertArrayEquals(bytes(0x50, 0x02, 0x00, 0x07), readAll());   // PUBREC 7
        publish[0] = 0x3C;                                              // same with DUP set
        feed(publish);
        assertArrayEquals(bytes(0x50, 0x02, 0x00, 0x07), readAll());   // PUBREC 7 again
        feed(0x62, 0x02, 0x00, 0x07);                                   // PUBREL 7 (flags 0010)
        assertArrayEquals(bytes(0x70, 0x02, 0x00, 0x07), readAll());   // PUBCOMP 7
        assertEquals(2.0, registry.find("hazardgate.mqtt.messages.in").tag("qos", "2").counter().count());
    }

    @Test
    void answersPingReq() {
        feed(CONNECT_311);
        readAll();
        feed(0xC0, 0x00);                // PINGREQ
        assertArrayEquals(bytes(0xD0, 0x00), readAll()); // PINGRESP
    }

    @Test
    void waitsForTheRestOfATruncatedPacket() {
        feed(CONNECT_311);
        readAll();
        feed(0x32, 0x07, 0x00, 0x01, 't'); // PUBLISH QoS 1 cut after the topic: 4 of 7 bytes
        assertNull(channel.readOutbound());
        assertTrue(channel.isOpen());
        feed(0x00, 0x01, 'h', 'i');        // the rest: packet id 1, payload
        assertArrayEquals(bytes(0x40, 0x02, 0x00, 0x01), readAll());
    }

    @Test
    void closesOnPacketLargerThanLimitFromItsHeaderAlone() {
        feed(CONNECT_311);
        readAll();
        feed(0x30,                         // PUBLISH QoS 0
                0x80, 0x80, 0x40,          // remaining length 1,048,576 (limit here is 1,024)
                0x00, 0x01, 't');          // only the topic follows: the body never needs to arrive
        assertFalse(channel.isOpen());
        assertEquals(1.0, registry.find("hazardgate.mqtt.disconnects").tag("reason", "packet_too_large")
                .counter().count());
    }

    @Test
    void closesOnRemainingLengthOfFiveBytes() {
        feed(CONNECT_311);
        readAll();
        feed(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01); // continuation bit on the 4th length byte: malformed
        assertFalse(channel.isOpen());
        assertEquals(1.0, registry.find("hazardgate.mqtt.disconnects").tag("reason", "malformed_packet")
                .counter().count());
    }

    @Test
    void closesOnPublishWithQos3() {
        feed(CONNECT_311);
        readAll();
        feed(0x36, 0x03, 0x00, 0x01, 't'); // PUBLISH with QoS bits 11: forbidden (§3.3.1-4)
        assertFalse(channel.isOpen());
    }

    @Test
    void closesOnWildcardInPublishTopic() {
        feed(CONNECT_311);
        readAll();
        feed(0x30, 0x05, 0x00, 0x03, 'a', '/', '#'); // topic "a/#": wildcards are for filters only
        assertFalse(channel.isOpen());
    }

    @Test
    void closesOnInvalidUtf8InTopic() {
        feed(CONNECT_311);
        readAll();
        feed(0x30, 0x04, 0x00, 0x02, 0xC3, 0x28); // 0xC3 0x28: ill-formed UTF-8 (§1.5.3-1)
        assertFalse(channel.isOpen());
    }

    @Test
    void grantsSubscriptionAndFailsInvalidFilterInTheSameSubscribe() {
        feed(CONNECT_311);
        readAll();
        feed(0x82, 0x0E,                  // SUBSCRIBE (flags 0010), remaining length 14
                0x00, 0x0A,               // packet id 10
                0x00, 0x03, 'a', '/', '+', 0x01,  // "a/+" QoS 1
                0x00, 0x03, 'a', '#', 'b', 0x00); // "a#b": '#' not a whole level
        assertArrayEquals(bytes(0x90, 0x04, 0x00, 0x0A,  // SUBACK id 10
                0x01,                     // granted QoS 1
                0x80), readAll());        // failure
    }

    private void feed(int... values) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes(values)));
        channel.runPendingTasks();
    }

    private byte[] readAll() {
        channel.runPendingTasks();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            try {
                out.writeBytes(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
