package io.hazardgate.mqtt.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.TestServers;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.hazardgate.mqtt.server.MqttChannelInitializer;
import io.hazardgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive and connect timeout on the real pipeline with time injected: the channel's clock (which the
 * idle timers run on) and the server's clock move together by hand, so 1.5 keep-alive periods pass in
 * no time and the edges are exact (MQTT 3.1.1 §3.1.2.10).
 */
class KeepAliveTest {
    /** MQTT 3.1.1 CONNECT, client id "c1", clean session, keep-alive 1 s. */
    private static final byte[] CONNECT_KEEP_ALIVE_1S = bytes(
            0x10, 0x0E,                     // CONNECT, remaining length 14
            0x00, 0x04, 'M', 'Q', 'T', 'T', // protocol name
            0x04,                           // protocol level 4 = 3.1.1
            0x02,                           // flags: clean session
            0x00, 0x01,                     // keep-alive 1 s
            0x00, 0x02, 'c', '1');          // client id "c1"
    private static final byte[] CONNACK_ACCEPTED = bytes(0x20, 0x02, 0x00, 0x00);
    private static final byte[] PINGREQ = bytes(0xC0, 0x00);
    private static final byte[] PINGRESP = bytes(0xD0, 0x00);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestClock clock = new TestClock(0);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private BrokerServices services;

    @BeforeEach
    void setUp() {
        MqttServerConfig config = MqttServerConfig.defaults().withConnectTimeout(CONNECT_TIMEOUT);
        services = BrokerServices.create(config, new MqttMetrics(registry), new BrokerServices.Hooks(), clock::nanos);
    }

    @AfterEach
    void tearDown() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void closesASilentClientAfterOneAndAHalfKeepAlivesAndNotBefore() {
        EmbeddedChannel c = connected();
        pass(Duration.ofMillis(1499));
        assertTrue(c.isOpen(), "still inside 1.5 x keep-alive");
        pass(Duration.ofMillis(1));
        assertFalse(c.isOpen(), "closed at 1.5 x keep-alive");
        assertEquals(1.0, disconnects("keep_alive_timeout"));
    }

    @Test
    void keepsAClientThatPingsWithinItsKeepAlive() {
        EmbeddedChannel c = connected();
        for (int i = 0; i < 5; i++) {
            pass(Duration.ofMillis(1000)); // the client's own rhythm: one PINGREQ a keep-alive
            feed(c, PINGREQ);
            assertArrayEquals(PINGRESP, read(c));
        }
        assertTrue(c.isOpen(), "5 s of pings, far beyond 1.5 s");
        assertEquals(0.0, disconnects("keep_alive_timeout"));
    }

    @Test
    void closesAConnectionThatSendsNoConnectInTime() {
        EmbeddedChannel c = channel();
        pass(CONNECT_TIMEOUT.minusMillis(1));
        assertTrue(c.isOpen());
        pass(Duration.ofMillis(1));
        assertFalse(c.isOpen(), "no CONNECT within the connect timeout");
        assertEquals(1.0, disconnects("connect_timeout"));
    }

    @Test
    void neitherTimeoutFiresWhileTheServerItselfIsNotReading() {
        EmbeddedChannel quiet = connected();
        EmbeddedChannel newcomer = channel(); // its CONNECT would wait unread
        services.pauseGate("durable log BUDGET_REACHED");
        pass(Duration.ofMillis(2500));
        assertTrue(quiet.isOpen(), "the silence is the server's doing: keep-alive does not fire");
        assertTrue(newcomer.isOpen(), "nor the connect timeout");
        services.resumeGate();
        pass(Duration.ofMillis(1000)); // within one keep-alive period of resuming, a client still gets time
        assertTrue(quiet.isOpen());
        feed(quiet, PINGREQ);
        assertArrayEquals(PINGRESP, read(quiet), "PINGRESP once reading resumed: still connected");
        feed(newcomer, CONNECT_KEEP_ALIVE_1S);
        assertArrayEquals(CONNACK_ACCEPTED, read(newcomer));
        assertEquals(0.0, disconnects("keep_alive_timeout"));
        assertEquals(0.0, disconnects("connect_timeout"));
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel c = new EmbeddedChannel();
        c.freezeTime(); // before the pipeline is built, so its idle timers start on the frozen clock
        c.pipeline().addLast(new MqttChannelInitializer(services, new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE)));
        channels.add(c);
        return c;
    }

    private EmbeddedChannel connected() {
        EmbeddedChannel c = channel();
        feed(c, CONNECT_KEEP_ALIVE_1S);
        assertArrayEquals(CONNACK_ACCEPTED, read(c));
        return c;
    }

    /**
     * Moves the server's clock and every channel's by {@code d}, a millisecond at a time as a real clock
     * would, running what falls due on the way.
     */
    private void pass(Duration d) {
        for (long ms = 0; ms < d.toMillis(); ms++) {
            clock.advance(1);
            for (EmbeddedChannel c : channels) {
                c.advanceTimeBy(1, TimeUnit.MILLISECONDS);
                c.runScheduledPendingTasks();
                c.runPendingTasks();
            }
        }
    }

    private double disconnects(String reason) {
        return TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason", reason);
    }

    private static void feed(EmbeddedChannel c, byte[] packet) {
        c.writeInbound(Unpooled.wrappedBuffer(packet));
        c.runPendingTasks();
    }

    private static byte[] read(EmbeddedChannel c) {
        c.runPendingTasks();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (ByteBuf buf; (buf = c.readOutbound()) != null; ) {
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
