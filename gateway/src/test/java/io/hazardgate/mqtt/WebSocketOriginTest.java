package io.hazardgate.mqtt;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.RawHttp;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A page on another site may open a WebSocket to any address the browser can reach, the gateway's MQTT
 * listener included, and the browser does not stop it: the server must check the {@code Origin} the
 * browser sends. Clients that are not browsers send none.
 */
class WebSocketOriginTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MqttServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private int start(List<String> allowedOrigins) {
        server = new MqttServer(MqttServerConfig.defaults(), registry);
        MqttListener ws = MqttListener.webSocket("127.0.0.1", 0, "/mqtt", null, true);
        if (allowedOrigins != null) {
            ws = ws.withAllowedOrigins(allowedOrigins);
        }
        return server.start(List.of(ws)).get(0).port();
    }

    private static RawHttp.Response upgrade(int port, String origin) throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            return origin == null
                    ? c.exchange("GET", "/mqtt", null, UPGRADE)
                    : c.exchange("GET", "/mqtt", null, concat(UPGRADE, "Origin", origin));
        }
    }

    private static final String[] UPGRADE = {"Upgrade", "websocket", "Connection", "Upgrade",
        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13", "Sec-WebSocket-Protocol", "mqtt"};

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aPageFromAnotherOriginCannotOpenAnMqttWebSocket() throws Exception {
        int port = start(null); // the default: no browser origin
        assertEquals(403, upgrade(port, "http://attacker.example").status());
        assertEquals(403, upgrade(port, "null").status(), "a sandboxed or file: page");
        assertEquals(101, upgrade(port, null).status(), "clients that are not browsers send no Origin");
        assertEquals(2.0, TestServers.counter(registry, "hazardgate.mqtt.connections.refused", "reason", "origin_not_allowed"));
    }

    @Test
    void originsListedForTheListenerAreAccepted() throws Exception {
        int port = start(List.of("https://scada.plant.example", "http://127.0.0.1:8080"));
        assertEquals(101, upgrade(port, "https://scada.plant.example").status());
        assertEquals(101, upgrade(port, "http://127.0.0.1:8080").status());
        assertEquals(403, upgrade(port, "https://scada.plant.example.attacker.example").status());
    }
}
