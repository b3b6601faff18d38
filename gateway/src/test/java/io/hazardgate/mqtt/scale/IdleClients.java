package io.hazardgate.mqtt.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Many idle MQTT 3.1.1 connections on plain blocking socket channels: CONNECT all (pipelined), then
 * read every CONNACK. Cheap enough to hold thousands in one thread; keep-alive is answered by
 * {@link #ping()}.
 */
public final class IdleClients implements AutoCloseable {
    private final List<SocketChannel> channels = new ArrayList<>();

    /** Opens {@code count} connections with the given keep-alive; returns once every CONNACK is read. */
    public static IdleClients open(int port, int count, int keepAliveSeconds, String prefix) throws IOException {
        IdleClients clients = new IdleClients();
        for (int i = 0; i < count; i++) {
            SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            clients.channels.add(c);
            write(c, connect(prefix + i, keepAliveSeconds));
        }
        ByteBuffer connAck = ByteBuffer.allocate(4);
        for (SocketChannel c : clients.channels) {
            connAck.clear();
            while (connAck.hasRemaining()) {
                if (c.read(connAck) < 0) {
                    throw new IOException("connection closed before CONNACK");
                }
            }
            if (connAck.get(0) != 0x20 || connAck.get(3) != 0) {
                throw new IOException("CONNACK refused: " + connAck.get(3));
            }
        }
        return clients;
    }

    /** One PINGREQ on every connection (the answers are left unread; they are two bytes each). */
    public void ping() throws IOException {
        for (SocketChannel c : channels) {
            write(c, new byte[] {(byte) 0xC0, 0});
        }
    }

    public int size() { return channels.size(); }

    @Override
    public void close() throws IOException {
        for (SocketChannel c : channels) {
            c.close();
        }
        channels.clear();
    }

    private static void write(SocketChannel c, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    static byte[] connect(String clientId, int keepAlive) {
        byte[] id = clientId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int remaining = 10 + 2 + id.length;
        byte[] p = new byte[2 + remaining];
        int i = 0;
        p[i++] = 0x10;
        p[i++] = (byte) remaining; // client ids here are short: one length byte
        byte[] header = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, (byte) (keepAlive >> 8), (byte) keepAlive};
        System.arraycopy(header, 0, p, i, header.length);
        i += header.length;
        p[i++] = (byte) (id.length >> 8);
        p[i++] = (byte) id.length;
        System.arraycopy(id, 0, p, i, id.length);
        return p;
    }
}
