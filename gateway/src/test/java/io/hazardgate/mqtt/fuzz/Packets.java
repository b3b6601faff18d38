package io.hazardgate.mqtt.fuzz;

import io.hazardgate.mqtt.RawMqttClient;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Raw MQTT 3.1.1 / 5 packets for the fuzz test, valid to start with, then damaged on purpose. */
final class Packets {
    private static final byte[] NONE = new byte[0];

    private Packets() {}

    static byte[] connect(int version, String clientId) {
        return version == 5 ? RawMqttClient.connect5(clientId, 30, true, NONE, null, null, null) : RawMqttClient.connect311(clientId, 30, true);
    }

    static byte[] subscribe(int version, int packetId, String filter) {
        return version == 5 ? RawMqttClient.subscribe5(packetId, filter, 1, NONE) : RawMqttClient.subscribe(packetId, filter, 1);
    }

    static byte[] publish(int version, String topic, int qos, int packetId, byte[] payload) {
        return publish(version, topic, qos, packetId, payload, NONE);
    }

    static byte[] publish(int version, String topic, int qos, int packetId, byte[] payload, byte[] properties) {
        return version == 5 ? RawMqttClient.publish5(topic, qos, packetId, properties, payload) : RawMqttClient.publish(topic, qos, packetId, payload);
    }

    /** One packet of any kind a client sends, with random fields. */
    static Arbitrary<byte[]> arbitraryPacket(int version) {
        Arbitrary<String> topics = Arbitraries.of("a", "a/b", "fuzz/x", "", "+", "#", "a/+", "$share/g/a", "\u0000");
        Arbitrary<Integer> ids = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> qos = Arbitraries.integers().between(0, 3);
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(16);
        Arbitrary<byte[]> props = Arbitraries.of(new byte[0],
                new byte[] {0x23, 0x00, 0x01},             // topic alias 1
                new byte[] {0x23, 0x00, 0x09},             // topic alias beyond the maximum
                new byte[] {0x02, 0x00, 0x00, 0x00, 0x05}, // message expiry 5 s
                new byte[] {0x0B, 0x01},                   // subscription identifier: not allowed here
                new byte[] {0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v'}); // user property
        Arbitrary<byte[]> publish = Combinators.combine(topics, qos, ids, payload, props)
                .as((t, q, i, p, pr) -> publish(version, t, Math.min(q, 2), i, p, pr));
        Arbitrary<byte[]> subscribe = Combinators.combine(ids, topics).as((i, t) -> subscribe(version, i, t));
        Arbitrary<byte[]> acks = Combinators.combine(Arbitraries.of(0x40, 0x50, 0x62, 0x70), ids)
                .as((type, i) -> RawMqttClient.packet(type, new byte[] {0, (byte) (int) i}));
        Arbitrary<byte[]> simple = Arbitraries.of(new byte[] {(byte) 0xC0, 0}, new byte[] {(byte) 0xE0, 0},
                new byte[] {(byte) 0xF0, 0}, connect(version, "again"), new byte[] {(byte) 0xA2, 0x03, 0, 1, 0});
        return Arbitraries.oneOf(publish, publish, subscribe, acks, simple);
    }

    /**
     * The packets in a row, then damaged by {@code mutation} (0 none, 1 flipped bytes, 2 cut short,
     * 3 noise spliced in), then split into chunks as a network would.
     */
    static List<byte[]> mutate(int version, byte[] connect, List<byte[]> packets, int mutation, byte[] noise) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(connect);
        packets.forEach(all::writeBytes);
        byte[] bytes = all.toByteArray();
        Random random = new Random(31L * Arrays.hashCode(noise) + mutation + version);
        switch (mutation) {
            case 1 -> {
                for (int i = 0; i < 1 + noise.length / 8 && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 2 -> bytes = Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            case 3 -> {
                int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
                ByteArrayOutputStream spliced = new ByteArrayOutputStream();
                spliced.write(bytes, 0, at);
                spliced.writeBytes(noise);
                spliced.write(bytes, at, bytes.length - at);
                bytes = spliced.toByteArray();
            }
            default -> { }
        }
        List<byte[]> chunks = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int n = 1 + random.nextInt(Math.max(1, Math.min(64, bytes.length - at)));
            chunks.add(Arrays.copyOfRange(bytes, at, at + n));
            at += n;
        }
        return chunks;
    }
}
