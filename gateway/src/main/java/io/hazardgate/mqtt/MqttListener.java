package io.hazardgate.mqtt;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * One address the server listens on and how clients speak to it there: plain MQTT over TCP, MQTT over
 * WebSocket (binary frames, subprotocol {@code mqtt}, for browsers), either of them inside TLS.
 *
 * @param path           for WebSocket, the HTTP path of the upgrade request (e.g. {@code /mqtt})
 * @param tls            null for a plain listener
 * @param allowAnonymous whether clients without credentials are accepted here
 * @param allowedOrigins for WebSocket, the browser origins (e.g. {@code https://scada.plant.example}) whose
 *                       pages may connect; an upgrade with any other {@code Origin} is refused, one
 *                       without (a client that is not a browser) is not
 */
public record MqttListener(Transport transport, String host, int port, String path, TlsOptions tls,
        boolean allowAnonymous, List<String> allowedOrigins) {

    public MqttListener {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    public MqttListener(Transport transport, String host, int port, String path, TlsOptions tls, boolean allowAnonymous) {
        this(transport, host, port, path, tls, allowAnonymous, List.of());
    }

    /** How MQTT packets travel on the connection. */
    public enum Transport { TCP, WEBSOCKET }

    /** The usual WebSocket path of MQTT brokers. */
    public static final String DEFAULT_WS_PATH = "/mqtt";

    /**
     * @param certChain         PEM server certificate chain, leaf first
     * @param privateKey        PEM PKCS#8 private key of the leaf certificate
     * @param clientCa          PEM CA certificates client certificates are verified against; null for none
     * @param requireClientCert refuse the TLS handshake of a client without a valid certificate
     * @param identityField     subject attribute naming the client, {@code CN} by default
     */
    public record TlsOptions(Path certChain, Path privateKey, Path clientCa, boolean requireClientCert,
            String identityField) {}

    public static MqttListener tcp(String host, int port, boolean allowAnonymous) {
        return new MqttListener(Transport.TCP, host, port, null, null, allowAnonymous);
    }

    public static MqttListener webSocket(String host, int port, String path, TlsOptions tls, boolean allowAnonymous) {
        return new MqttListener(Transport.WEBSOCKET, host, port, path, tls, allowAnonymous);
    }

    public static MqttListener tls(String host, int port, TlsOptions tls, boolean allowAnonymous) {
        return new MqttListener(Transport.TCP, host, port, null, tls, allowAnonymous);
    }

    public boolean isTls() { return tls != null; }

    public boolean isWebSocket() { return transport == Transport.WEBSOCKET; }

    /** {@code mqtt}, {@code mqtts}, {@code mqtt-ws} or {@code mqtt-wss}: how the gateway names it in its output. */
    public String scheme() {
        if (isWebSocket()) {
            return isTls() ? "mqtt-wss" : "mqtt-ws";
        }
        return isTls() ? "mqtts" : "mqtt";
    }

    public MqttListener withPort(int newPort) {
        return new MqttListener(transport, host, newPort, path, tls, allowAnonymous, allowedOrigins);
    }

    public MqttListener withAllowedOrigins(List<String> origins) {
        return new MqttListener(transport, host, port, path, tls, allowAnonymous, origins);
    }

    /** Whether the host is a loopback address (only this machine can connect). */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
