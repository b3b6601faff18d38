package io.hazardgate.southbound.opcua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.hazardgate.Gateway;
import io.hazardgate.southbound.SouthboundGateway;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Message security and certificate login against a real Milo server on loopback that offers only
 * secure endpoints: the gateway reads through a signed and encrypted channel (its own certificate made
 * once and kept), trusts a server certificate only when told (trusted directory or pinned thumbprint),
 * never falls back to None, and logs in with an X.509 user certificate.
 */
class OpcUaSecurityTest {
    static final List<OpcUaTestServer.Security> SIGN_AND_ENCRYPT = List.of(
            new OpcUaTestServer.Security(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt),
            new OpcUaTestServer.Security(SecurityPolicy.Aes128_Sha256_RsaOaep, MessageSecurityMode.SignAndEncrypt));
    static OpcUaTestServer.ServerIdentity plcIdentity;
    @TempDir Path dir;

    @BeforeAll
    static void serverCertificate() throws Exception {
        plcIdentity = OpcUaTestServer.ServerIdentity.create("test PLC");
    }

    /** A site with one device {@code dcs} on {@code plc} (its {@code opcua} block gets {@code extra}), tags GT-301 and GT-302. */
    static String site(OpcUaTestServer plc, String extra) {
        return """
                site: sb
                hazardSources: [{id: TF1, kind: major_hazard}]
                devices:
                  - id: dcs
                    opcua:
                      endpoint: %1$s
                      publishingInterval: 100ms
                      reconnectMax: 1s
                %3$s
                      points:
                        - {tag: GT-301, node: "ns=%2$d;s=GT301", sampling: 50ms}
                sensors:
                  - {tag: GT-301, source: TF1, device: dcs, type: combustible_gas, period: 1s}
                """.formatted(plc.endpoint(), plc.ns(), extra);
    }

    static String thumbprint(X509Certificate c) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    Path trusted() { return dir.resolve("data/opcua/trusted"); }

    @Test
    void readsThroughSignAndEncryptByDefaultWithItsOwnCertificateKeptAcrossRestarts() throws Exception {
        try (OpcUaTestServer plc = OpcUaTestServer.secured(plcIdentity, SIGN_AND_ENCRYPT, "GT301")) {
            plc.set("GT301", 11);
            Files.createDirectories(trusted());
            Files.write(trusted().resolve("plc.der"), plcIdentity.certificate().getEncoded());
            byte[] first;
            // no security block: Basic256Sha256 with SignAndEncrypt, the only endpoints this server has
            try (Gateway gw = SouthboundGateway.start(dir, site(plc, ""), "")) {
                assertEquals(11.0, OpcUaSubscriptionTest.latest(gw, "GT-301", v -> true), 1e-9);
                assertEquals(List.of("Basic256Sha256/SignAndEncrypt"), plc.sessionSecurity());
                Path own = dir.resolve("data/opcua/own");
                first = Files.readAllBytes(own.resolve("hazardgate.der"));
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(own.resolve("hazardgate.key"))),
                        "the private key is the owner's alone");
                assertEquals(1.0, SouthboundGateway.metric(gw, "hazardgate_southbound_opcua_sessions_total{event=\"connected\""));
            }
            plc.set("GT301", 12);
            String aes = "      security: {policy: Aes128_Sha256_RsaOaep, mode: SignAndEncrypt}";
            try (Gateway gw = SouthboundGateway.start(dir, site(plc, aes), "")) {
                assertEquals(12.0, OpcUaSubscriptionTest.latest(gw, "GT-301", v -> true), 1e-9);
                // the first gateway's session may still be closing
                assertTrue(plc.sessionSecurity().contains("Aes128_Sha256_RsaOaep/SignAndEncrypt"), plc.sessionSecurity().toString());
                assertArrayEquals(first, Files.readAllBytes(dir.resolve("data/opcua/own/hazardgate.der")),
                        "a restart reuses the certificate the server's administrator trusted");
            }
        }
    }

    @Test
    void aServerThatAlsoOffersNoneIsReachedOnlyThroughTheDevicesPolicyAndMode() throws Exception {
        List<OpcUaTestServer.Security> all = List.of(
                new OpcUaTestServer.Security(SecurityPolicy.None, MessageSecurityMode.None),
                new OpcUaTestServer.Security(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign),
                new OpcUaTestServer.Security(SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt));
        try (OpcUaTestServer plc = OpcUaTestServer.secured(plcIdentity, all, "GT301")) {
            plc.set("GT301", 4);
            String sign = "      security: {mode: Sign, serverThumbprint: \"" + thumbprint(plcIdentity.certificate()) + "\"}";
            try (Gateway gw = SouthboundGateway.start(dir, site(plc, sign), "")) {
                assertEquals(4.0, OpcUaSubscriptionTest.latest(gw, "GT-301", v -> true), 1e-9);
                assertEquals(List.of("Basic256Sha256/Sign"), plc.sessionSecurity(), "never the None endpoint the server also offers");
                assertArrayEquals(Files.readAllBytes(dir.resolve("data/opcua/own/hazardgate.der")), plc.clientCertificates().get(0).getEncoded(),
                        "the gateway signs with the certificate it keeps");
            }
        }
    }

    @Test
    void aNoneClientIsRefusedByAServerWithOnlySecureEndpoints() throws Exception {
        try (OpcUaTestServer plc = OpcUaTestServer.secured(plcIdentity, SIGN_AND_ENCRYPT, "GT301")) {
            plc.set("GT301", 5);
            List<ILoggingEvent> logged = capture();
            try (Gateway gw = SouthboundGateway.start(dir, site(plc, "      security: {policy: None}"), "")) {
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_connects_refused_total{reason=\"no_endpoint\"", 1);
                assertEquals(1.0, SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_devices{state=\"faulty\"}", 1));
                Await.until("nothing read without security: the point is shown as without data",
                        () -> "no_data".equals(sensor(gw, "GT-301").path("status").asText()));
                assertTrue(logged(logged, "offers no endpoint with security policy None and mode None"), "the fault says why");
            } finally {
                release();
            }
        }
    }

    @Test
    void anUntrustedServerCertificateIsAFaultNamingItsThumbprintUntilTheSiteFilePinsIt() throws Exception {
        try (OpcUaTestServer plc = OpcUaTestServer.secured(plcIdentity, SIGN_AND_ENCRYPT, "GT301")) {
            plc.set("GT301", 7);
            String thumbprint = thumbprint(plcIdentity.certificate());
            List<ILoggingEvent> logged = capture();
            try (Gateway gw = SouthboundGateway.start(dir, site(plc, ""), "")) {
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_connects_refused_total{reason=\"untrusted_server\"", 1);
                assertEquals(1.0, SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_devices{state=\"faulty\"}", 1));
                Await.until("nothing read from an untrusted server: the point is shown as without data",
                        () -> "no_data".equals(sensor(gw, "GT-301").path("status").asText()));
                assertTrue(logged(logged, thumbprint), "the fault names the thumbprint");
                assertTrue(logged(logged, trusted().toString()), "and where to put the certificate");
                assertTrue(Files.exists(dir.resolve("data/opcua/rejected/" + thumbprint + ".der")), "the refused certificate is kept to check");

                Files.writeString(dir.resolve("site.yaml"), site(plc, "      security: {serverThumbprint: \"" + thumbprint + "\"}"));
                assertEquals(7.0, OpcUaSubscriptionTest.latest(gw, "GT-301", v -> true), 1e-9, "a pinned thumbprint applies without a restart");
            } finally {
                release();
            }
        }
    }

    @Test
    void aServerUnreachableAtFirstAndThenUntrustedSaysTheNewReasonAtWarn() throws Exception {
        OpcUaTestServer gone = OpcUaTestServer.secured(plcIdentity, SIGN_AND_ENCRYPT, "GT301");
        int port = gone.port();
        String site = site(gone, "");
        gone.close();
        List<ILoggingEvent> logged = capture();
        try (Gateway gw = SouthboundGateway.start(dir, site, "")) {
            SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_sessions_total{event=\"connect_failed\"", 1);
            try (OpcUaTestServer plc = OpcUaTestServer.securedAt(port, plcIdentity, SIGN_AND_ENCRYPT, "GT301")) {
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_connects_refused_total{reason=\"untrusted_server\"", 1);
                String thumbprint = thumbprint(plcIdentity.certificate());
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!warned(logged, "still faulty, now", thumbprint)) {
                    if (System.nanoTime() > deadline) throw new AssertionError("the operator is not told why it still fails once the server answers");
                    Thread.sleep(20);
                }
            }
        } finally {
            release();
        }
    }

    @Test
    void logsInWithAUserCertificateAndAWrongOneIsRefused() throws Exception {
        KeyPair userKeys = rsa();
        X509Certificate user = new SelfSignedCertificateBuilder(userKeys).setCountryCode("CN").setCommonName("hazardgate-operator")
                .setApplicationUri("urn:hazardgate:user").build();
        KeyPair otherKeys = rsa();
        X509Certificate other = new SelfSignedCertificateBuilder(otherKeys).setCountryCode("CN").setCommonName("somebody")
                .setApplicationUri("urn:hazardgate:other").build();
        Files.writeString(dir.resolve("user.pem"), Pem.certificatePem(user));
        Files.writeString(dir.resolve("user.key"), Pem.privateKeyPem(userKeys.getPrivate()));
        Files.write(dir.resolve("other.der"), other.getEncoded());
        Files.writeString(dir.resolve("other.key"), Pem.privateKeyPem(otherKeys.getPrivate()));
        try (OpcUaTestServer plc = OpcUaTestServer.withUserCertificate(plcIdentity, SIGN_AND_ENCRYPT, user, "GT301")) {
            plc.set("GT301", 3);
            String pin = "      security: {serverThumbprint: \"" + thumbprint(plcIdentity.certificate()) + "\"}\n";
            try (Gateway gw = SouthboundGateway.start(dir, site(plc, pin + "      userCertificate: other.der\n      userKey: other.key"), "")) {
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_connects_refused_total{reason=\"login\"", 1);
                assertEquals(1.0, SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_devices{state=\"faulty\"}", 1),
                        "a user certificate the server does not know is a device fault");
                // the fault reaches the point's status through its alarm shard, just after the metric
                Await.until("the point is shown as without data", () -> "no_data".equals(sensor(gw, "GT-301").path("status").asText()));

                Files.writeString(dir.resolve("site.yaml"), site(plc, pin + "      userCertificate: user.pem\n      userKey: user.key"));
                assertEquals(3.0, OpcUaSubscriptionTest.latest(gw, "GT-301", v -> true), 1e-9, "the server's user logs in");
            }
        }
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static JsonNode sensor(Gateway gw, String tag) throws Exception {
        return OpcUaSubscriptionTest.JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/sites/sb/sensors/" + tag).body());
    }

    private ListAppender<ILoggingEvent> appender;

    private List<ILoggingEvent> capture() {
        appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(OpcUaSubscriber.class)).addAppender(appender);
        return appender.list;
    }

    private void release() {
        ((Logger) LoggerFactory.getLogger(OpcUaSubscriber.class)).detachAppender(appender);
    }

    private boolean warned(List<ILoggingEvent> events, String text, String also) {
        synchronized (appender) { // the appender adds under its own lock
            return events.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                    && e.getFormattedMessage().contains(text) && e.getFormattedMessage().contains(also));
        }
    }

    private boolean logged(List<ILoggingEvent> events, String text) {
        synchronized (appender) { // the appender adds under its own lock
            return events.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
        }
    }
}
