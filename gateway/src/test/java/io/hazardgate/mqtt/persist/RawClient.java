package io.hazardgate.mqtt.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.mqtt.RawMqttClient;
import io.hazardgate.mqtt.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 3.1.1 client that does exactly what the test says, packet by packet, so that a QoS 2 exchange
 * can be stopped at any step and every packet the server sends is checked in order (nothing skipped).
 */
public final class RawClient implements AutoCloseable {
    private static final int CONNACK = 2;
    private static final int PUBLISH = 3;
    private static final int PUBACK = 4;
    private static final int PUBREC = 5;
    private static final int PUBREL = 6;
    private static final int PUBCOMP = 7;
    private static final int SUBACK = 9;

    private final RawMqttClient raw;
    private final boolean sessionPresent;
    private int nextId = 1;

    /** A PUBLISH as received. */
    public record Publish(String topic, String payload, int qos, boolean dup, int packetId) {}

    private RawClient(RawMqttClient raw, boolean sessionPresent) {
        this.raw = raw;
        this.sessionPresent = sessionPresent;
    }

    /** Connects and reads the CONNACK, which must accept. */
    public static RawClient connect(int port, String clientId, boolean cleanSession) throws IOException {
        RawMqttClient raw = new RawMqttClient(port);
        raw.send(RawMqttClient.connect311(clientId, 60, cleanSession));
        RawMqttClient.Packet connAck = raw.read(TestServers.WAIT);
        assertEquals(CONNACK, connAck.type(), "CONNACK expected");
        assertEquals(0, connAck.body()[1], "connection accepted");
        return new RawClient(raw, (connAck.body()[0] & 1) == 1);
    }

    public boolean sessionPresent() { return sessionPresent; }

    public void subscribe(String filter, int qos) throws IOException {
        raw.send(RawMqttClient.subscribe(nextId++, filter, qos));
        RawMqttClient.Packet subAck = raw.read(TestServers.WAIT);
        assertEquals(SUBACK, subAck.type(), "SUBACK expected");
        assertEquals(qos, subAck.body()[2], "granted as asked");
    }

    /** The next packet, which must be a PUBLISH. */
    public Publish nextPublish() throws IOException {
        return parse(next(PUBLISH));
    }

    private static Publish parse(RawMqttClient.Packet p) {
        byte[] b = p.body();
        int topicLength = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        String topic = new String(b, 2, topicLength, StandardCharsets.UTF_8);
        int qos = (p.firstByte() >> 1) & 3;
        int at = 2 + topicLength;
        int id = 0;
        if (qos > 0) {
            id = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
            at += 2;
        }
        return new Publish(topic, new String(b, at, b.length - at, StandardCharsets.UTF_8), qos,
                (p.firstByte() & 0x08) != 0, id);
    }

    public int nextPubrel() throws IOException { return next(PUBREL).packetId(); }

    /** The next packet, a PUBLISH (returned) or a PUBREL (its id in {@code pubrels}), whichever comes. */
    public Publish nextPublishOrPubrel(java.util.List<Integer> pubrels) throws IOException {
        RawMqttClient.Packet p = raw.read(TestServers.WAIT);
        if (p.type() == PUBREL) {
            pubrels.add(p.packetId());
            return null;
        }
        assertEquals(PUBLISH, p.type(), "PUBLISH or PUBREL expected, got " + p.type());
        return parse(p);
    }

    public int nextPubrec() throws IOException { return next(PUBREC).packetId(); }

    public int nextPubcomp() throws IOException { return next(PUBCOMP).packetId(); }

    public void puback(int id) throws IOException { raw.send(reply(0x40, id)); }

    public void pubrec(int id) throws IOException { raw.send(reply(0x50, id)); }

    public void pubrel(int id) throws IOException { raw.send(reply(0x62, id)); }

    public void pubcomp(int id) throws IOException { raw.send(reply(0x70, id)); }

    /** A QoS 2 PUBLISH with this packet id; {@code dup} for a resend. */
    public void publishQos2(String topic, String payload, int id, boolean dup) throws IOException {
        byte[] p = RawMqttClient.publish(topic, 2, id, payload.getBytes(StandardCharsets.UTF_8));
        if (dup) {
            p[0] |= 0x08;
        }
        raw.send(p);
    }

    private RawMqttClient.Packet next(int type) throws IOException {
        RawMqttClient.Packet p = raw.read(TestServers.WAIT);
        assertEquals(type, p.type(), "packet type " + type + " expected, got " + p.type());
        return p;
    }

    private static byte[] reply(int firstByte, int id) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(firstByte);
        b.write(2);
        b.write(id >> 8);
        b.write(id & 0xFF);
        return b.toByteArray();
    }

    /** Drops the connection without DISCONNECT, as a crash or a lost link does. */
    @Override
    public void close() throws IOException { raw.close(); }
}
