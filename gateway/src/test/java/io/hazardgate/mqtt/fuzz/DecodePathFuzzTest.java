package io.hazardgate.mqtt.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.hazardgate.mqtt.server.MqttChannelInitializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property test of the decode path: any byte sequence, built from valid packets that are then cut,
 * mutated and spliced, is either served or ends with the connection closed (with a reason code where
 * the protocol has one); nothing escapes as an exception, every input buffer is released, and the
 * shared broker keeps serving well-behaved clients afterwards. Fixed seed and bounded tries here; for
 * a longer local run raise {@code tries} and drop {@code seed} (see docs/operations.md).
 */
class DecodePathFuzzTest {
    private static SimpleMeterRegistry registry;
    private static BrokerServices services;

    @BeforeContainer
    static void broker() {
        registry = new SimpleMeterRegistry();
        MqttServerConfig config = MqttServerConfig.defaults().toBuilder().maxPacketSizeBytes(4096)
                .topicAliasMaximum(4).maxInflightInbound(8).build();
        services = BrokerServices.create(config, new MqttMetrics(registry), new BrokerServices.Hooks(), System::nanoTime);
    }

    @AfterContainer
    static void brokerStillServes() {
        EmbeddedChannel channel = channel();
        try {
            feed(channel, Packets.connect(5, "after-fuzz"), Packets.subscribe(5, 1, "fuzz/#"),
                    Packets.publish(5, "fuzz/ok", 1, 7, new byte[] {1, 2}));
            List<Integer> types = new ArrayList<>();
            for (int[] packet : ServerPackets.read(channel)) {
                types.add(packet[0]);
            }
            // CONNACK, SUBACK, then the PUBACK and the PUBLISH back to the subscriber, in either order
            assertEquals(List.of(2, 9), types.subList(0, 2), "a well-behaved client after the fuzzing is served");
            assertEquals(java.util.Set.of(3, 4), java.util.Set.copyOf(types.subList(2, types.size())));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Property(tries = 400, seed = "20261125")
    void anyInputIsServedOrClosedWithoutEscapingOrLeaking(@ForAll("inputs") List<byte[]> chunks) {
        double closedBefore = disconnects();
        EmbeddedChannel channel = channel();
        List<ByteBuf> fed = new ArrayList<>();
        try {
            for (byte[] chunk : chunks) {
                if (!channel.isOpen()) {
                    break;
                }
                ByteBuf buf = Unpooled.copiedBuffer(chunk);
                fed.add(buf);
                channel.writeInbound(buf);
            }
            channel.runPendingTasks();
            channel.checkException(); // nothing escaped the pipeline
            for (int[] packet : ServerPackets.read(channel)) {
                if (packet[0] == 14) {
                    // a server DISCONNECT always says what was wrong (MQTT 5 §3.14.2.1)
                    assertTrue(packet[1] >= 0x80, "DISCONNECT reason " + packet[1]);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        for (ByteBuf b : fed) {
            assertEquals(0, b.refCnt(), "every input buffer is released");
        }
        // however it ended, the connection was closed once and accounted for with a reason
        assertEquals(closedBefore + 1, disconnects());
    }

    private static double disconnects() {
        return registry.find("hazardgate.mqtt.disconnects").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Provide
    Arbitrary<List<byte[]>> inputs() {
        Arbitrary<Integer> version = Arbitraries.of(4, 5);
        return version.flatMap(v -> Combinators.combine(
                Arbitraries.of(Packets.connect(v, "fuzz"), Packets.connect(v, ""), new byte[0]),
                Packets.arbitraryPacket(v).list().ofMaxSize(8),
                Arbitraries.integers().between(0, 3),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(32))
                .as((connect, packets, mutation, noise) -> Packets.mutate(v, connect, packets, mutation, noise)));
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new MqttChannelInitializer(services,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE)));
    }

    private static void feed(EmbeddedChannel channel, byte[]... packets) {
        for (byte[] p : packets) {
            channel.writeInbound(Unpooled.wrappedBuffer(p));
        }
        channel.runPendingTasks();
    }
}
