package io.hazardgate.mqtt;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.config.mqtt.PasswordHash;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.auth.RoleAccessPolicy;
import io.hazardgate.mqtt.auth.User;
import io.hazardgate.mqtt.auth.UserDirectory;
import io.hazardgate.mqtt.server.BoundListener;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Needs;
import io.hazardgate.testing.TestCertificates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS (server certificate, optional and required client certificates, the certificate's CN as the
 * user) and WebSocket (plain and inside TLS) listeners, with Paho and (where installed) Debian's mosquitto clients.
 * Certificates are generated for the run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsAndWebSocketListenersTest {
    private static final String MOSQUITTO_PUB = ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_pub").toString();
    private static final String MOSQUITTO_SUB = ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_sub").toString();

    @TempDir static Path dir;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TestCertificates certs;
    private UserDirectory users;
    private MqttServer server;
    private int tls;
    private int mutualTls;
    private int ws;
    private int wss;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        certs = TestCertificates.create(dir);
        users = new UserDirectory(List.of(
                new User(Principal.device("dtu-tf1", "demo", "dtu-tf1"), null), // certificate only
                new User(Principal.admin("admin"), PasswordHash.create("admin-secret".toCharArray(), PasswordHash.MIN_ITERATIONS))));
        server = new MqttServer(MqttServerConfig.defaults(), registry);
        server.security(users, new RoleAccessPolicy());
        MqttListener.TlsOptions optional = new MqttListener.TlsOptions(certs.serverCert, certs.serverKey, certs.caCert, false, "CN");
        MqttListener.TlsOptions required = new MqttListener.TlsOptions(certs.serverCert, certs.serverKey, certs.caCert, true, "CN");
        List<BoundListener> bound = server.start(List.of(
                MqttListener.tls("127.0.0.1", 0, optional, false),
                MqttListener.tls("127.0.0.1", 0, required, false),
                MqttListener.webSocket("127.0.0.1", 0, "/mqtt", null, true),
                MqttListener.webSocket("127.0.0.1", 0, "/mqtt", optional, false)));
        tls = bound.get(0).port();
        mutualTls = bound.get(1).port();
        ws = bound.get(2).port();
        wss = bound.get(3).port();
    }

    @AfterAll
    void stop() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect(0);
            }
            c.close(true);
        }
        server.close();
        users.close();
    }

    @Test
    void pahoOverTlsLogsInWithPasswordAndReceivesWhatTheGatewayPublishes() throws Exception {
        BlockingInbox inbox = new BlockingInbox(paho("ssl://127.0.0.1:" + tls, "admin", "admin-secret",
                certs.clientContext(null)), "risk/#");
        server.publisher().publish("risk/demo/TF1", "{\"colour\":\"red\"}".getBytes(), 1, false);
        assertEquals("risk/demo/TF1", inbox.take());
    }

    @Test
    void clientCertificateCommonNameIsTheUserAndItsRoleApplies() throws Exception {
        BlockingInbox watcher = new BlockingInbox(paho("ssl://127.0.0.1:" + tls, "admin", "admin-secret",
                certs.clientContext(null)), "plant/#");
        MqttClient device = paho("ssl://127.0.0.1:" + tls, null, null, certs.clientContext("dtu-tf1"));
        device.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[]}".getBytes(), 1, false);
        assertEquals("plant/demo/dtu-tf1/telemetry", watcher.take());
        device.publish("plant/demo/dtu-td1/telemetry", "{}".getBytes(), 1, false); // not its own: dropped
        device.publish("plant/demo/dtu-tf1/status", "ok".getBytes(), 1, false);
        assertEquals("plant/demo/dtu-tf1/status", watcher.take());
    }

    @Test
    @Needs(ExternalProgram.MOSQUITTO_CLIENTS)
    void mosquittoPubLogsInWithItsClientCertificateAndNoPassword() throws Exception {
        BlockingInbox watcher = new BlockingInbox(paho("ssl://127.0.0.1:" + tls, "admin", "admin-secret",
                certs.clientContext(null)), "plant/#");
        Path[] cert = certs.client("dtu-tf1");
        Process pub = run(MOSQUITTO_PUB, "-h", "127.0.0.1", "-p", Integer.toString(tls), "--cafile",
                certs.caCert.toString(), "--cert", cert[0].toString(), "--key", cert[1].toString(), "-q", "1",
                "-t", "plant/demo/dtu-tf1/telemetry", "-m", "{\"readings\":[]}");
        assertEquals(0, finish(pub), "mosquitto_pub with its certificate and no password");
        assertEquals("plant/demo/dtu-tf1/telemetry", watcher.take());
    }

    @Test
    void certificateOfAnUnknownUserIsNotAuthorized() throws Exception {
        MqttException e = assertThrows(MqttException.class,
                () -> paho("ssl://127.0.0.1:" + tls, null, null, certs.clientContext("stranger")));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, e.getReasonCode());
    }

    @Test
    void listenerRequiringClientCertificatesRefusesTheHandshakeWithoutOne() throws Exception {
        assertThrows(MqttException.class, () -> paho("ssl://127.0.0.1:" + mutualTls, "admin", "admin-secret",
                certs.clientContext(null)));
        assertTrue(paho("ssl://127.0.0.1:" + mutualTls, null, null, certs.clientContext("dtu-tf1")).isConnected());
    }

    @Test
    @Needs(ExternalProgram.MOSQUITTO_CLIENTS)
    void mosquittoSubOverTlsWithPasswordAndAWrongPasswordIsRefused() throws Exception {
        double before = TestServers.gauge(registry, "hazardgate.mqtt.subscriptions");
        Process sub = run(MOSQUITTO_SUB, "-h", "127.0.0.1", "-p", Integer.toString(tls), "--cafile", certs.caCert.toString(),
                "-u", "admin", "-P", "admin-secret", "-t", "alarm/#", "-C", "1", "-W", "10", "-V", "mqttv5");
        Await.until("mosquitto_sub subscribed", () ->
                TestServers.gauge(registry, "hazardgate.mqtt.subscriptions") > before);
        server.publisher().publish("alarm/demo/TF1/GT-101", "raised".getBytes(), 1, false);
        assertEquals(0, finish(sub));
        assertEquals("raised", new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());

        Process refused = run(MOSQUITTO_PUB, "-h", "127.0.0.1", "-p", Integer.toString(tls), "--cafile",
                certs.caCert.toString(), "-u", "admin", "-P", "wrong", "-t", "a", "-m", "x");
        assertNotEquals(0, finish(refused));
    }

    @Test
    void browserStyleWebSocketClientsPublishAndSubscribeOnTheMqttPath() throws Exception {
        MqttClient viaWs = paho("ws://127.0.0.1:" + ws + "/mqtt", null, null, null);
        BlockingInbox inbox = new BlockingInbox(viaWs, "alarm-state/#");
        server.publisher().publish("alarm-state/demo/TF1/GT-101", new byte[2000], 1, true);
        assertEquals("alarm-state/demo/TF1/GT-101", inbox.take());

        MqttClient viaWss = paho("wss://127.0.0.1:" + wss + "/mqtt", "admin", "admin-secret", certs.clientContext(null));
        BlockingInbox secure = new BlockingInbox(viaWss, "alarm-state/#");
        assertEquals("alarm-state/demo/TF1/GT-101", secure.take(), "the retained message, over wss");
        viaWs.publish("plant/demo/dtu-tf1/status", "from the browser".getBytes(), 1, false);
    }

    @Test
    void otherHttpRequestsOnTheWebSocketListenerGet404() throws Exception {
        try (Socket s = new Socket("127.0.0.1", ws)) {
            s.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 404", status);
        }
    }

    private MqttClient paho(String uri, String user, String password, SSLContext ssl) throws MqttException {
        MqttClient c = new MqttClient(uri, "c" + clients.size() + "-" + System.nanoTime(), new MemoryPersistence());
        clients.add(c);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout((int) WAIT.toSeconds());
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        if (ssl != null) {
            o.setSocketFactory(ssl.getSocketFactory());
        }
        c.connect(o);
        return c;
    }

    private static Process run(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static int finish(Process p) throws Exception {
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "client exited");
        return p.exitValue();
    }
}
