package io.hazardgate.simulator.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets tuned for many small MQTT packets, created unconnected (Paho connects them):
 * <ul>
 *   <li>Nagle's algorithm off. Paho leaves it on, so a publish that follows one not yet acknowledged
 *       at the TCP level waits for the peer's delayed ACK (up to 40 ms on Linux), which would be
 *       measured as broker latency.</li>
 *   <li>A buffered input stream. Paho reads the socket's raw stream a few bytes at a time, three
 *       system calls per PUBACK; buffered, a burst of acknowledgements costs one.</li>
 * </ul>
 */
final class TunedSocketFactory extends SocketFactory {
    static final TunedSocketFactory INSTANCE = new TunedSocketFactory();

    /** Buffer for incoming packets: many PUBACKs, or a few large messages to a subscriber. */
    static final int INPUT_BUFFER_BYTES = 64 * 1024;

    @Override
    public Socket createSocket() throws IOException {
        Socket s = new BufferedInputSocket();
        s.setTcpNoDelay(true);
        return s;
    }

    /** A socket whose input stream is buffered; the same stream is returned on every call. */
    private static final class BufferedInputSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) in = new BufferedInputStream(super.getInputStream(), INPUT_BUFFER_BYTES);
            return in;
        }
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private Socket connected(InetSocketAddress to) throws IOException {
        Socket s = createSocket();
        s.connect(to);
        return s;
    }
}
