package io.hazardgate.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A deliberately dumb MQTT client on a plain socket: it sends exactly the bytes a test gives it and
 * reads back whole packets, so tests can send what no real client library would (malformed, truncated,
 * oversized, out of order) and observe the server's exact answer.
 */
public final class RawMqttClient implements AutoCloseable {
    /** One packet as read from the wire. */
    public record Packet(int firstByte, byte[] body) {
        public int type() { return firstByte >> 4; }

        public int packetId() { return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF); }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawMqttClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A client whose receive buffer is tiny, so the server's writes back up fast when it stops reading. */
    static RawMqttClient withSmallReceiveBuffer(int port, int bytes) throws IOException {
        return new RawMqttClient(port, bytes);
    }

    private RawMqttClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public RawMqttClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one whole packet, or fails after the timeout. */
    public Packet read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int first = in.readUnsignedByte();
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first, body);
    }

    /** Reads packets until one of the given type arrives. */
    public Packet readUntil(int type, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Packet p = read(Duration.ofMillis(left));
            if (p.type() == type) {
                return p;
            }
        }
    }

    /** True once the server has closed the connection (EOF or reset), within the timeout. */
    public boolean awaitClosed(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        InputStream raw = in;
        try {
            while (raw.read() != -1) {
                // drain whatever the server sent before closing (e.g. a CONNACK or DISCONNECT)
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- packet builders ----

    /** MQTT 3.1.1 CONNECT. */
    public static byte[] connect311(String clientId, int keepAliveSeconds, boolean cleanSession) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, "MQTT");
        v.write(4); // protocol level 4 = 3.1.1
        v.write(cleanSession ? 0x02 : 0x00);
        v.write(keepAliveSeconds >> 8);
        v.write(keepAliveSeconds & 0xFF);
        writeString(v, clientId);
        return packet(0x10, v.toByteArray());
    }

    /** MQTT 3.1.1 CONNECT with a user name and password (either may be null). */
    public static byte[] connect311(String clientId, int keepAliveSeconds, boolean cleanSession, String username,
            String password) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, "MQTT");
        v.write(4);
        v.write((cleanSession ? 0x02 : 0) | (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0));
        v.write(keepAliveSeconds >> 8);
        v.write(keepAliveSeconds & 0xFF);
        writeString(v, clientId);
        if (username != null) {
            writeString(v, username);
        }
        if (password != null) {
            writeString(v, password);
        }
        return packet(0x10, v.toByteArray());
    }

    /** The topic of a PUBLISH packet as read from the wire. */
    public static String topicOf(Packet publish) {
        int length = ((publish.body()[0] & 0xFF) << 8) | (publish.body()[1] & 0xFF);
        return new String(publish.body(), 2, length, StandardCharsets.UTF_8);
    }

    /** MQTT 3.1.1 CONNECT with a will (QoS 0, not retained). */
    public static byte[] connect311WithWill(String clientId, String willTopic, String willMessage) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, "MQTT");
        v.write(4);
        v.write(0x02 | 0x04); // clean session, will flag
        v.write(0);
        v.write(60);
        writeString(v, clientId);
        writeString(v, willTopic);
        writeString(v, willMessage);
        return packet(0x10, v.toByteArray());
    }

    /**
     * MQTT 5 CONNECT.
     *
     * @param properties   the encoded CONNECT properties (without their length)
     * @param willTopic    null for no will
     * @param willProperties the encoded will properties (without their length)
     */
    public static byte[] connect5(String clientId, int keepAliveSeconds, boolean cleanStart, byte[] properties,
            String willTopic, byte[] willProperties, String willMessage) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, "MQTT");
        v.write(5);
        v.write((cleanStart ? 0x02 : 0) | (willTopic != null ? 0x04 : 0));
        v.write(keepAliveSeconds >> 8);
        v.write(keepAliveSeconds & 0xFF);
        writeVarInt(v, properties.length);
        v.writeBytes(properties);
        writeString(v, clientId);
        if (willTopic != null) {
            writeVarInt(v, willProperties.length);
            v.writeBytes(willProperties);
            writeString(v, willTopic);
            writeString(v, willMessage);
        }
        return packet(0x10, v.toByteArray());
    }

    /** MQTT 5 PUBLISH with the given encoded properties. */
    public static byte[] publish5(String topic, int qos, int packetId, byte[] properties, byte[] payload) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, topic);
        if (qos > 0) {
            v.write(packetId >> 8);
            v.write(packetId & 0xFF);
        }
        writeVarInt(v, properties.length);
        v.writeBytes(properties);
        v.writeBytes(payload);
        return packet(0x30 | (qos << 1), v.toByteArray());
    }

    /** MQTT 5 SUBSCRIBE of one filter with the given encoded properties and options byte. */
    public static byte[] subscribe5(int packetId, String filter, int options, byte[] properties) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(packetId >> 8);
        v.write(packetId & 0xFF);
        writeVarInt(v, properties.length);
        v.writeBytes(properties);
        writeString(v, filter);
        v.write(options);
        return packet(0x82, v.toByteArray());
    }

    /** Encoded properties: pairs of (identifier, value bytes). */
    public static byte[] props(Object... idsAndValues) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        for (int i = 0; i < idsAndValues.length; i += 2) {
            v.write((Integer) idsAndValues[i]);
            v.writeBytes((byte[]) idsAndValues[i + 1]);
        }
        return v.toByteArray();
    }

    public static byte[] u16(int value) { return new byte[] {(byte) (value >> 8), (byte) value}; }

    public static byte[] u32(long value) {
        return new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    public static byte[] disconnect() { return new byte[] {(byte) 0xE0, 0x00}; }

    /** MQTT 3.1.1 PUBLISH; packetId is ignored for QoS 0. */
    public static byte[] publish(String topic, int qos, int packetId, byte[] payload) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, topic);
        if (qos > 0) {
            v.write(packetId >> 8);
            v.write(packetId & 0xFF);
        }
        v.writeBytes(payload);
        return packet(0x30 | (qos << 1), v.toByteArray());
    }

    public static byte[] subscribe(int packetId, String filter, int qos) {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        v.write(packetId >> 8);
        v.write(packetId & 0xFF);
        writeString(v, filter);
        v.write(qos);
        return packet(0x82, v.toByteArray());
    }

    public static byte[] pingReq() { return new byte[] {(byte) 0xC0, 0x00}; }

    public static byte[] packet(int firstByte, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(firstByte);
        writeVarInt(p, body.length);
        p.writeBytes(body);
        return p.toByteArray();
    }

    private static void writeVarInt(ByteArrayOutputStream out, int value) {
        do {
            int digit = value % 128;
            value /= 128;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xFF);
        out.writeBytes(b);
    }
}
