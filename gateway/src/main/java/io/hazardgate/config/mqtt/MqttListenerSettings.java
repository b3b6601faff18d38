package io.hazardgate.config.mqtt;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * One MQTT listener of {@code gateway.yaml}: {@code tcp}, {@code tls}, {@code ws} (WebSocket) or
 * {@code wss} (WebSocket inside TLS).
 *
 * @param path              WebSocket path, {@code /mqtt} by default; null for tcp and tls
 * @param cert              PEM certificate chain (tls, wss), resolved against the config file's directory
 * @param key               PEM PKCS#8 private key (tls, wss)
 * @param clientCa          PEM CA that client certificates must chain to; null to take none
 * @param requireClientCert refuse clients without a valid certificate (needs {@code clientCa})
 * @param identityField     certificate subject attribute that names the user, {@code CN} by default
 * @param allowAnonymous    this listener's own anonymous setting, or null to follow {@code mqtt.allowAnonymous}
 * @param allowedOrigins    ws, wss: origins of the browser pages that may connect (none by default; clients
 *                          that are not browsers send no origin and always may)
 */
public record MqttListenerSettings(String type, String host, int port, String path, Path cert, Path key,
        Path clientCa, boolean requireClientCert, String identityField, Boolean allowAnonymous,
        List<String> allowedOrigins) {

    public MqttListenerSettings {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    public static final String TCP = "tcp";
    public static final String TLS = "tls";
    public static final String WS = "ws";
    public static final String WSS = "wss";
    public static final String DEFAULT_WS_PATH = "/mqtt";
    public static final String DEFAULT_IDENTITY_FIELD = "CN";

    public static MqttListenerSettings tcp(String host, int port) {
        return new MqttListenerSettings(TCP, host, port, null, null, null, null, false, null, null, List.of());
    }

    public boolean isTls() { return TLS.equals(type) || WSS.equals(type); }

    public boolean isWebSocket() { return WS.equals(type) || WSS.equals(type); }

    public boolean isPlainTcp() { return TCP.equals(type); }

    public MqttListenerSettings withPort(int newPort) {
        return new MqttListenerSettings(type, host, newPort, path, cert, key, clientCa, requireClientCert,
                identityField, allowAnonymous, allowedOrigins);
    }

    /** Whether only this machine can reach it. */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
